import { App } from 'aws-cdk-lib';
import { stageConfig } from '../../infra/stacks/stage';

const configOf = (context: Record<string, unknown>) => stageConfig(new App({ context }).node);

describe('stage context (-c key=value)', () => {
  it('defaults to dev, with local front-end origins and no alarm e-mail', () => {
    const config = configOf({});
    expect(config.stage).toBe('dev');
    expect(config.corsOrigins).toEqual(['http://localhost:3000', 'http://localhost:5173']);
    expect(config.alarmEmail).toBeUndefined();
    expect(config.oidc).toBeUndefined();
    expect(config.deletionProtection).toBe(false);
  });

  it('protects prod and opens no origin it was not given', () => {
    const config = configOf({ stage: 'prod' });
    expect(config.deletionProtection).toBe(true);
    expect(config.corsOrigins).toEqual([]);
  });

  it('rejects an unknown stage and a wildcard origin', () => {
    expect(() => configOf({ stage: 'staging' })).toThrow(/dev or prod/);
    expect(() => configOf({ corsOrigins: '*' })).toThrow(/never \*/);
  });

  it('reads lists given on the command line as text', () => {
    const config = configOf({
      corsOrigins: 'https://a.example.vn, https://b.example.vn',
      agencyIntegrations: '[{"agencyId":"so-tp","webhookUrl":"https://tp.example.vn/hook"}]',
    });
    expect(config.corsOrigins).toEqual(['https://a.example.vn', 'https://b.example.vn']);
    expect(config.agencyIntegrations).toEqual([{ agencyId: 'so-tp', webhookUrl: 'https://tp.example.vn/hook' }]);
  });

  it('wants oidcIssuer and oidcAudience together, over https', () => {
    expect(() => configOf({ oidcIssuer: 'https://eid.example.gov.vn' })).toThrow(/go together/);
    expect(() => configOf({ oidcIssuer: 'http://eid.example.gov.vn', oidcAudience: 'x' })).toThrow(/https/);
    expect(configOf({ oidcIssuer: 'https://eid.example.gov.vn', oidcAudience: 'portal' }).oidc).toEqual({ issuer: 'https://eid.example.gov.vn', audience: 'portal' });
  });

  it('rejects an agency id that cannot name a queue, and a webhook that is not https', () => {
    expect(() => configOf({ agencyIntegrations: [{ agencyId: 'sở tư pháp' }] })).toThrow(/invalid agencyId/);
    expect(() => configOf({ agencyIntegrations: [{ agencyId: 'so-tp', webhookUrl: 'http://x' }] })).toThrow(/https/);
  });
});
