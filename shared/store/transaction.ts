import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * A transaction's writes by name (`{ dossier, history, events, processedEvent }`), so that a failed
 * condition is reported by the name of the item that failed, never by its position in the list.
 */
export type NamedWrites = Readonly<Record<string, TransactItem | readonly TransactItem[] | undefined>>;

/** A transaction cancelled because the conditions of these named writes failed. */
export class ConditionFailedError extends Error {
  constructor(
    readonly failed: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`Transaction condition failed: ${failed.join(', ')}`, options);
    this.name = 'ConditionFailedError';
  }
}

/** Whether `error` (or the error it wraps, e.g. a ConflictError) is a failed condition of the write named `name`. */
export function failedOn(error: unknown, name: string): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof ConditionFailedError) return current.failed.includes(name);
  }
  return false;
}

/** Commits the writes in one transaction; a failed condition throws ConditionFailedError naming its writes. */
export async function transact(writes: NamedWrites): Promise<void> {
  const named = Object.entries(writes).flatMap(([name, write]) => (write === undefined ? [] : Array.isArray(write) ? write : [write]).map((item: TransactItem) => ({ name, item })));
  try {
    await dynamo().send(new TransactWriteCommand({ TransactItems: named.map(({ item }) => item) }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const failed = new Set(named.filter((_, i) => error.CancellationReasons?.[i]?.Code === 'ConditionalCheckFailed').map(({ name }) => name));
    if (failed.size) throw new ConditionFailedError([...failed], { cause: error });
    throw error;
  }
}
