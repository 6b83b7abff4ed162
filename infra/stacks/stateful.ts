import type { Construct } from 'constructs';
import { Stack, type StackProps } from 'aws-cdk-lib';
import { Buckets } from './buckets';
import { CitizenIdentity, type JwtIssuer } from './auth';
import { DossierEventBus } from './bus';
import { GatewaySecrets } from './secrets';
import type { StageConfig } from './stage';
import { Tables } from './tables';

/**
 * Everything that holds data and must outlive a redeploy of the code: tables, buckets, the bus
 * and its archive, the user pool and the gateway secrets. Deployed first; rarely changes.
 */
export class StatefulStack extends Stack {
  readonly tables: Tables;
  readonly buckets: Buckets;
  readonly events: DossierEventBus;
  readonly secrets: GatewaySecrets;
  /** Issuer and audience the API trusts: the context's external OIDC provider, or our user pool. */
  readonly jwt: JwtIssuer;

  constructor(scope: Construct, id: string, config: StageConfig, props?: StackProps) {
    super(scope, id, props);
    this.tables = new Tables(this, 'Tables', config);
    this.buckets = new Buckets(this, 'Buckets', config);
    this.events = new DossierEventBus(this, 'Events', config);
    this.secrets = new GatewaySecrets(this, 'Secrets', config);
    this.jwt = config.oidc ?? new CitizenIdentity(this, 'Identity', config).jwt;
  }
}
