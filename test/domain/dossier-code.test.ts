import { counterDay, DOSSIER_CODE_PATTERN, dossierCode } from '../../shared/domain/dossier-code';

describe('dossier code (mã hồ sơ)', () => {
  it('buckets the counter by the Vietnamese day, not the UTC day', () => {
    expect(counterDay(new Date('2026-03-09T16:59:59.999Z'))).toBe('260309'); // 23:59:59.999 in Vietnam
    expect(counterDay(new Date('2026-03-09T17:00:00Z'))).toBe('260310'); // midnight in Vietnam
    expect(counterDay(new Date('2026-03-09T23:30:00Z'))).toBe('260310');
    expect(counterDay(new Date('2026-03-10T00:30:00+07:00'))).toBe('260310');
  });

  it('formats {agencyCode}-{YYMMDD}-{NNNN} with the Vietnamese receipt date', () => {
    expect(dossierCode('H29.01', new Date('2026-12-31T17:30:00Z'), 1)).toEqual({ code: 'H29.01-270101-0001', overflow: false });
    expect(dossierCode('000.00.12.H29', new Date('2026-03-10T09:00:00+07:00'), 9999)).toEqual({
      code: '000.00.12.H29-260310-9999',
      overflow: false,
    });
  });

  it('still issues a code past 9999 a day, with five digits, and flags the overflow', () => {
    const issued = dossierCode('UBND', new Date('2026-03-10T09:00:00+07:00'), 10000);
    expect(issued).toEqual({ code: 'UBND-260310-10000', overflow: true });
    expect(DOSSIER_CODE_PATTERN.test(issued.code)).toBe(true);
  });

  it('rejects a sequence below 1 or fractional, and an agency code with a hyphen', () => {
    const day = new Date('2026-03-10T09:00:00+07:00');
    expect(() => dossierCode('UBND', day, 0)).toThrow(RangeError);
    expect(() => dossierCode('UBND', day, 1.5)).toThrow(RangeError);
    expect(() => dossierCode('UB-ND', day, 1)).toThrow(RangeError);
    expect(() => counterDay(new Date('nope'))).toThrow(RangeError);
  });

  it('matches issued codes and nothing looser', () => {
    expect(DOSSIER_CODE_PATTERN.test('H29.01-270101-0001')).toBe(true);
    expect(DOSSIER_CODE_PATTERN.test('H29.01-27011-0001')).toBe(false);
    expect(DOSSIER_CODE_PATTERN.test('H29.01-270101-001')).toBe(false);
  });
});
