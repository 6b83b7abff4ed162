import { Construct } from 'constructs';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { AccountRecovery, ClientAttributes, StringAttribute, UserPool, UserPoolClient, UserPoolGroup } from 'aws-cdk-lib/aws-cognito';
import type { Role } from '../../shared/http/contract';
import type { ExternalOidc, StageConfig } from './stage';

/** The roles of the HTTP contract, one Cognito group each (read from `cognito:groups` by shared/http/caller.ts). */
const ROLES: readonly Role[] = ['citizen', 'officer', 'admin'];

/** Custom attributes only an admin or a verification flow sets (AdminUpdateUserAttributes). */
export const VERIFIED_ATTRIBUTES = ['agencyId', 'nationalId', 'assurance', 'taxCode'] as const;

/** Where the HTTP API's JWT authorizer gets its issuer and audience. */
export type JwtIssuer = ExternalOidc;

/**
 * The default identity provider: a Cognito user pool where citizens sign themselves up, and
 * officers and admins are put in their group (with their `agencyId`) by an admin. A confirmed user
 * in no group is a citizen (shared/http/caller.ts): no post-confirmation trigger to run, pay for
 * and grant AdminAddUserToGroup on the pool. A citizen files dossiers once their identity number
 * is verified (custom:nationalId, set by an admin or a verification flow). Custom attributes are
 * only ever added to an existing pool (Cognito cannot change or remove one).
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
      // Set by an admin (agencyId for officers) or by a verification flow (the identity number and
      // its assurance level, an organisation's tax code); the app client cannot write any of them
      // (see writeAttributes below). Claim names: shared/identity/profiles.ts, profile `cognito`.
      customAttributes: {
        agencyId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        nationalId: new StringAttribute({ minLen: 12, maxLen: 12, mutable: true }),
        assurance: new StringAttribute({ minLen: 1, maxLen: 1, mutable: true }),
        taxCode: new StringAttribute({ minLen: 10, maxLen: 14, mutable: true }),
      },
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
      // The app may read these but never write them: a citizen must not promote itself to an agency,
      // nor claim someone else's identity number or a higher assurance level.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true, phoneNumber: true, phoneNumberVerified: true, birthdate: true })
        .withCustomAttributes(...VERIFIED_ATTRIBUTES),
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
