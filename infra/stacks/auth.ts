import { Construct } from 'constructs';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { AccountRecovery, ClientAttributes, StringAttribute, UserPool, UserPoolClient, UserPoolGroup } from 'aws-cdk-lib/aws-cognito';
import type { Role } from '../../shared/http/contract';
import type { ExternalOidc, StageConfig } from './stage';

/** The roles of the HTTP contract, one Cognito group each (read from `cognito:groups` by shared/http/caller.ts). */
const ROLES: readonly Role[] = ['citizen', 'officer', 'admin'];

/** Where the HTTP API's JWT authorizer gets its issuer and audience. */
export type JwtIssuer = ExternalOidc;

/**
 * The default identity provider: a Cognito user pool where citizens sign themselves up, and
 * officers and admins are put in their group (with their `agencyId`) by an admin.
 */
export class CitizenIdentity extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly jwt: JwtIssuer;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: { minLength: 10, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      // Set by an admin for officers; the app client cannot write it (see writeAttributes below).
      customAttributes: { agencyId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy,
    });
    Validations.of(this.userPool).acknowledge(
      { id: 'AwsSolutions-COG2', reason: 'Citizens sign up themselves; mandatory MFA would shut out people without a second device. Production uses the national eID (oidcIssuer) which carries its own assurance level.' },
      { id: 'AwsSolutions-COG8', reason: 'The Plus feature plan (threat protection) is billed per monthly active user; small provinces run on the Essentials plan, and production identity is the national eID.' },
    );
    for (const role of ROLES) {
      new UserPoolGroup(this, `Group${role}`, { userPool: this.userPool, groupName: role, description: `motcua ${role}s` });
    }
    this.client = this.userPool.addClient('Portal', {
      generateSecret: false, // a browser or mobile app cannot keep a secret
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      // The app may read agencyId but never write it: a citizen must not promote itself to an agency.
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true, phoneNumber: true }).withCustomAttributes('agencyId'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true, phoneNumber: true }),
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
    this.jwt = {
      issuer: `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`,
      audience: this.client.userPoolClientId,
    };
  }
}
