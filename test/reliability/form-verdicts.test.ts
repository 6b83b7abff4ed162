import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as fc from 'fast-check';
import { demoProcedures } from '../../infra/local/seed-data/procedures';
import { answerErrors, formSchemaErrors } from '../../shared/domain/form-schema';
import { birthRegistration } from '../dossiers/support';
import { figures } from './support';

/**
 * The forms' validator changed from ajv (code generation, one process-wide registry) to a validator
 * per form without code generation. It must give the verdicts ajv gave: for every demo procedure's
 * form (and the tests' own), fast-check builds answers from the form itself, valid and nearly valid
 * (a field missing, a type changed, a string one character too long, a date that does not exist),
 * and both validators judge them. ajv stays a dev dependency for this comparison only.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 25) * 8;

type Schema = Record<string, any>;

/** Answers drawn from a form: mostly what it asks for, sometimes just wrong. */
function answersFor(schema: Schema): fc.Arbitrary<unknown> {
  const junk = fc.oneof(fc.string({ maxLength: 5 }), fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.constant([]));
  const wanted = ((): fc.Arbitrary<unknown> => {
    if (schema.enum) return fc.constantFrom(...schema.enum, 'khác');
    if (schema.type === 'object') {
      const properties = Object.fromEntries(Object.entries((schema.properties ?? {}) as Record<string, Schema>).map(([key, child]) => [key, answersFor(child)]));
      return fc
        .tuple(fc.record(properties, { requiredKeys: [] }), fc.option(fc.dictionary(fc.constantFrom('extra', 'x', 'ghiChu'), junk, { maxKeys: 1 }), { freq: 4 }))
        .map(([known, extra]) => ({ ...known, ...(extra ?? {}) }));
    }
    if (schema.type === 'array') return fc.array(answersFor(schema.items ?? {}), { maxLength: 4 });
    if (schema.type === 'integer' || schema.type === 'number') {
      const around = [schema.minimum, schema.maximum, schema.exclusiveMinimum, schema.exclusiveMaximum].filter((n) => typeof n === 'number');
      return fc.oneof(fc.integer({ min: -2, max: 120 }), fc.constantFrom(0, 0.5, ...around, ...around.map((n) => n + 1), ...around.map((n) => n - 1)));
    }
    if (schema.type === 'boolean') return fc.boolean();
    if (schema.format === 'date')
      return fc.oneof(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
        fc.constantFrom('2024-02-29', '2023-02-29', '2026-04-31', '2026-13-01', '26-01-01', '2026-1-1'),
      );
    if (schema.pattern) return fc.oneof(fc.stringMatching(new RegExp(schema.pattern, 'u')), fc.stringMatching(/^\d{11,13}$/), fc.string({ maxLength: 3 }));
    const max = schema.maxLength ?? 12;
    return fc.oneof(fc.string({ minLength: 0, maxLength: Math.min(max + 1, 40) }), fc.constantFrom('', 'Nguyễn Thị Ánh', 'a'.repeat(max), 'a'.repeat(max + 1)));
  })();
  return fc.oneof({ arbitrary: wanted, weight: 9 }, { arbitrary: junk, weight: 1 });
}

describe('application forms keep their verdicts without ajv', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const forms: [string, Schema][] = [...demoProcedures.map((p) => [p.code, p.applicationForm] as [string, Schema]), [birthRegistration.code, birthRegistration.applicationForm as Schema]];

  it('accepts every demo form when it is saved', () => {
    for (const [code, form] of forms) expect([code, formSchemaErrors(form)]).toEqual([code, []]);
  });

  it('gives the same verdict as ajv on answers built from each form', () => {
    let cases = 0;
    let valid = 0;
    const disagreements: unknown[] = [];
    for (const [code, form] of forms) {
      const ajvValidate = ajv.compile(form);
      fc.assert(
        fc.property(answersFor(form), (answers) => {
          cases++;
          const ours = answerErrors(form, answers, 'answers').length === 0;
          if (ours) valid++;
          if (ours !== ajvValidate(answers)) disagreements.push({ code, answers, ajv: ajvValidate.errors, ours: answerErrors(form, answers, 'answers') });
        }),
        { numRuns: RUNS, seed: Number(process.env.RELIABILITY_SEED ?? 19) },
      );
    }
    figures('form verdicts', { forms: forms.length, cases, valid, invalid: cases - valid, disagreements: disagreements.length });
    expect(disagreements.slice(0, 3)).toEqual([]);
  });
});
