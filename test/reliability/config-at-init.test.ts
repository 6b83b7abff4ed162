import { resolve } from 'node:path';
import { deployedHandlers } from '../../infra/handlers';
import { ENV } from '../../shared/config';
import { IDENTITY_ENV } from '../../shared/identity/profiles';

/**
 * Issue 20: configuration is validated when a function initialises. Every function CDK deploys is
 * loaded as Lambda's init loads it, under a broken environment, and must refuse to load with the
 * setting's name, instead of loading and failing some later request halfway through its work.
 */
const root = resolve(__dirname, '../..');
const handlers = [...deployedHandlers().keys()];

/** Loads every handler module in a fresh registry under `env`: the error each one threw, by handler. */
function loadAll(env: Record<string, string | undefined>, only: readonly string[] = handlers): Map<string, string> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  const failures = new Map<string, string>();
  const assign = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  assign(env);
  try {
    jest.isolateModules(() => {
      for (const handler of only) {
        try {
          const module = require(resolve(root, handler)) as { handler?: unknown };
          if (typeof module.handler !== 'function') failures.set(handler, 'no handler export');
        } catch (error) {
          failures.set(handler, String(error));
        }
      }
    });
  } finally {
    assign(saved);
  }
  return failures;
}

describe('configuration checked at init', () => {
  it('loads every deployed function under the environment CDK gives it', () => {
    expect(handlers.length).toBeGreaterThan(90);
    expect(Object.fromEntries(loadAll({}))).toEqual({});
  }, 120_000);

  it('refuses to load any function whose table name is missing, naming the setting', () => {
    const failures = loadAll({ [ENV.tableName]: undefined });
    expect(handlers.filter((handler) => !failures.get(handler)?.includes(`Invalid configuration: ${ENV.tableName}`))).toEqual([]);
  }, 120_000);

  it('refuses a malformed optional setting too, not only a missing one', () => {
    const failures = loadAll({ [ENV.paperScanner]: 'clamav-maybe', [ENV.frontendUrl]: 'http://portal.example.vn' });
    expect(handlers.filter((handler) => !/Invalid configuration: .*PAPER_SCANNER/.test(failures.get(handler) ?? ''))).toEqual([]);
    expect(failures.get('functions/dossiers/submit.ts')).toContain(ENV.frontendUrl);
  }, 120_000);

  it('refuses to load an HTTP function whose identity claim names are malformed', () => {
    const http = handlers.filter((handler) =>
      deployedHandlers()
        .get(handler)!
        .some((use) => /^(GET|POST|PUT|PATCH|DELETE) /.test(use)),
    );
    const failures = loadAll({ [IDENTITY_ENV.claims]: '{"nationalId": 12}' }, http);
    expect(http.filter((handler) => !failures.get(handler)?.includes('identity claims'))).toEqual([]);
  }, 120_000);
});
