import { Construct } from 'constructs';
import { Stack } from 'aws-cdk-lib';
import { Archive, EventBus } from 'aws-cdk-lib/aws-events';
import type { StageConfig } from './stage';

/** The motcua event bus and its archive, so any day's events can be replayed to a fixed consumer. */
export class DossierEventBus extends Construct {
  readonly bus: EventBus;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { eventBusName: `motcua-${config.stage}` });
    new Archive(this, 'Archive', {
      sourceEventBus: this.bus,
      description: `Every event on motcua-${config.stage}, for replay`,
      // Catch-all: every event on this bus comes from this account, whatever its source.
      eventPattern: { account: [Stack.of(this).account] },
      retention: config.archiveRetention,
    });
  }
}
