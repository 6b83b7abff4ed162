import type { SecretName } from '../shared/secrets';

/**
 * What a function may touch, declared beside each route (infra/routes.ts) and each consumer
 * (events/rules.ts); infra/stacks/grants.ts turns it into IAM statements and nothing more.
 */
export interface Uses {
  /** Main table: `read` (GetItem, Query) or `write` (read + PutItem, UpdateItem, DeleteItem, ConditionCheckItem; a transaction is authorised item by item). */
  table?: 'read' | 'write';
  /** Outbox table: `write` for functions whose transactions emit events. */
  outbox?: 'write';
  attachments?: 'read' | 'write';
  documents?: 'read' | 'write';
  /** Secrets (shared/secrets.ts) the function reads at cold start. */
  secrets?: readonly SecretName[];
  /** `send`: hands citizens' notifications to SES/SNS where the stage configures them (context notifyEmailFrom, notifySms); else they are only stored. */
  notifications?: 'send';
}
