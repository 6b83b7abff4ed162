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

  it('takes the payment return URL and the front end as https URLs only', () => {
    expect(configOf({ paymentReturnUrl: 'https://dichvucong.example.vn/thanh-toan/ket-qua' }).payments).toEqual({ returnUrl: 'https://dichvucong.example.vn/thanh-toan/ket-qua' });
    expect(configOf({}).payments).toEqual({});
    for (const bad of ['javascript:alert(1)//', 'http://dichvucong.example.vn/ket-qua', 'https://user:pw@dichvucong.example.vn/', 'ket-qua', 'data:text/html,x']) {
      expect(() => configOf({ paymentReturnUrl: bad })).toThrow(/paymentReturnUrl must be an https URL/);
      expect(() => configOf({ frontendUrl: bad })).toThrow(/frontendUrl must be an https URL/);
    }
  });

  it('rejects an unknown stage and a wildcard origin', () => {
    expect(() => configOf({ stage: 'staging' })).toThrow(/dev or prod/);
    expect(() => configOf({ corsOrigins: '*' })).toThrow(/never \*/);
  });

  it('reads lists given on the command line as text', () => {
    const config = configOf({
      corsOrigins: 'https://a.example.vn, https://b.example.vn',
      agencyIntegrations: '[{"agencyId":"so-tp"}]',
      notifySms: 'true',
    });
    expect(config.corsOrigins).toEqual(['https://a.example.vn', 'https://b.example.vn']);
    expect(config.agencyIntegrations).toEqual([{ agencyId: 'so-tp' }]);
    expect(config.notifySms).toBe(true);
  });

  it('wants oidcIssuer and oidcAudience together, over https', () => {
    expect(() => configOf({ oidcIssuer: 'https://eid.example.gov.vn' })).toThrow(/go together/);
    expect(() => configOf({ oidcIssuer: 'http://eid.example.gov.vn', oidcAudience: 'x' })).toThrow(/https/);
    expect(configOf({ oidcIssuer: 'https://eid.example.gov.vn', oidcAudience: 'portal' }).oidc).toEqual({ issuer: 'https://eid.example.gov.vn', audience: 'portal' });
  });

  it('rejects an agency id that cannot name a queue', () => {
    expect(() => configOf({ agencyIntegrations: [{ agencyId: 'sở tư pháp' }] })).toThrow(/invalid agencyId/);
    expect(() => configOf({ agencyIntegrations: ['so-tp'] })).toThrow(/each entry is \{agencyId\}/);
  });

  it('rejects a webhookUrl (or any other key) in an agency entry, pointing at the secret that holds webhooks', () => {
    expect(() => configOf({ stage: 'prod', agencyIntegrations: [{ agencyId: 'so-tp', webhookUrl: 'https://tp.example.vn/hook' }] })).toThrow(
      /unknown key webhookUrl for agency so-tp.*configured in the secret \/motcua\/prod\/agency-webhooks/,
    );
    expect(() => configOf({ agencyIntegrations: '[{"agencyId":"so-tp","queue":"x"}]' })).toThrow(/unknown key queue/);
  });

  it('stores notifications only, unless notifyEmailFrom or notifySms say where to send them', () => {
    expect(configOf({})).toMatchObject({ notifySms: false });
    expect(configOf({}).notifyEmailFrom).toBeUndefined();
    expect(configOf({ notifyEmailFrom: 'thongbao@example.org', notifySms: true })).toMatchObject({ notifyEmailFrom: 'thongbao@example.org', notifySms: true });
    expect(configOf({ notifyEmailFrom: 'dichvucong.example.vn' }).notifyEmailFrom).toBe('dichvucong.example.vn');
    expect(configOf({ notifySms: 'false' }).notifySms).toBe(false);
  });

  it('rejects a notifyEmailFrom that is no SES identity, and a notifySms that is not true or false', () => {
    expect(() => configOf({ notifyEmailFrom: 'thongbao' })).toThrow(/notifyEmailFrom must be an email address or a domain/);
    expect(() => configOf({ notifyEmailFrom: 'a b@example.org' })).toThrow(/notifyEmailFrom/);
    expect(() => configOf({ notifySms: 'on' })).toThrow(/notifySms must be true or false/);
  });
});
