import { Construct } from 'constructs';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { mainTable, outboxTable, type TableDeclaration } from '../../shared/store/table';
import type { StageConfig } from './stage';

/** Builds a DynamoDB table from its declaration in shared/store/table.ts (the local stack reads the same one). */
function tableFrom(scope: Construct, declaration: TableDeclaration, config: StageConfig): Table {
  const table = new Table(scope, declaration.id, {
    partitionKey: { name: declaration.partitionKey, type: AttributeType.STRING },
    ...(declaration.sortKey ? { sortKey: { name: declaration.sortKey, type: AttributeType.STRING } } : {}),
    // On demand: nothing to pay while idle, and deadline rushes need no capacity planning.
    billingMode: BillingMode.PAY_PER_REQUEST,
    encryption: TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    ...(declaration.stream ? { stream: StreamViewType.NEW_IMAGE } : {}),
    ...(declaration.ttlAttribute ? { timeToLiveAttribute: declaration.ttlAttribute } : {}),
    deletionProtection: config.deletionProtection,
    removalPolicy: config.removalPolicy,
  });
  for (const index of declaration.indexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
      sortKey: { name: index.sortKey, type: AttributeType.STRING },
      ...(index.projection.kind === 'KEYS_ONLY' ? { projectionType: ProjectionType.KEYS_ONLY } : { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection.attributes] }),
    });
  }
  return table;
}

/** The main single-table (hồ sơ, thủ tục, ...) and the outbox whose stream feeds the publisher. */
export class Tables extends Construct {
  readonly main: Table;
  readonly outbox: Table;
  /** Index names of the main table, for grants that name each index instead of `index/*`. */
  readonly mainIndexNames: readonly string[] = mainTable.indexes.map((index) => index.name);

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    this.main = tableFrom(this, mainTable, config);
    this.outbox = tableFrom(this, outboxTable, config);
  }
}
