import { ENV } from '../../shared/config';
import { PROFILES, resolveProfile } from '../../shared/identity/profiles';
import { devContext, synth } from '../infra/support';

/**
 * The VNeID / DVCQG SSO profile, synthesized: issuer and audience from context go to the HTTP API's
 * JWT authorizer (and no user pool is made), the claim names to every function, which reads the
 * same declaration (shared/identity/profiles.ts) as the local gateway and issuer.
 */
const vneid = synth({
  ...devContext,
  identityProfile: 'vneid',
  oidcIssuer: 'https://sso.dichvucong.example.gov.vn',
  oidcAudience: 'motcua-tinh-thu',
  identityClaims: JSON.stringify({ assurance: 'IAL' }),
  populationApiUrl: 'https://lgsp.example.gov.vn/csdldancu/tracuu',
  populationIntegrationCode: 'TINHTHU',
});

type Fn = { Properties: { Environment: { Variables: Record<string, unknown> } } };

describe('the VNeID / DVCQG SSO profile (context identityProfile=vneid)', () => {
  it('points the JWT authorizer at the SSO issuer and audience, and makes no user pool', () => {
    vneid.stateful.resourceCountIs('AWS::Cognito::UserPool', 0);
    vneid.stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: 'https://sso.dichvucong.example.gov.vn', Audience: ['motcua-tinh-thu'] },
    });
  });

  it('gives every function the profile, its renamed claims and the population database settings', () => {
    const functions = Object.values(vneid.code.findResources('AWS::Lambda::Function')) as Fn[];
    expect(functions.length).toBeGreaterThan(10);
    for (const fn of functions) {
      expect(fn.Properties.Environment.Variables).toMatchObject({
        [ENV.identityProfile]: 'vneid',
        [ENV.identityClaims]: '{"assurance":"IAL"}',
        [ENV.populationApiUrl]: 'https://lgsp.example.gov.vn/csdldancu/tracuu',
        [ENV.populationIntegrationCode]: 'TINHTHU',
      });
    }
    // The functions read what the context said: §3.1's user-info names, with the one renamed.
    expect(resolveProfile('vneid', '{"assurance":"IAL"}').claims).toEqual({ ...PROFILES.vneid.claims, assurance: 'IAL' });
  });

  it('refuses a profile without its issuer, an unknown profile and an unknown claim key at synth', () => {
    expect(() => synth({ ...devContext, identityProfile: 'vneid' })).toThrow(/oidcIssuer/);
    expect(() => synth({ ...devContext, identityProfile: 'bankid' })).toThrow(/identity profile/);
    expect(() => synth({ ...devContext, identityClaims: '{"password":"x"}' })).toThrow(/unknown key/);
  });
});
