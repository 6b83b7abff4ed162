import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { feedbackView, type Feedback } from '../domain/feedback';
import { dynamo } from './clients';
import { feedbackKeys } from './keys';
import type { PendingEvent } from './outbox';
import { queryItems } from './query';
import { failedOn, transact } from './transaction';
import { MAIN_INDEX } from './table';

/** Thrown when a feedback is no longer open (answered, by another officer maybe). */
export class FeedbackNotOpenError extends Error {}

/** Stores a new feedback with its event, in one transaction. `listing` is the view the indexes copy. */
export async function putFeedback(feedback: Feedback, event: PendingEvent): Promise<void> {
  await transact({
    feedback: {
      Put: {
        TableName: config().tableName,
        Item: {
          ...feedbackKeys.item(feedback.id),
          type: 'FEEDBACK',
          feedback,
          listing: feedbackView(feedback),
          ...feedbackKeys.byAgency(feedback.agencyId, feedback.submittedAt, feedback.id),
          ...feedbackKeys.due(feedback.agencyId, feedback.dueAt, feedback.id),
          ...feedbackKeys.byOwner(feedback.ownerSub, feedback.submittedAt, feedback.id),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    event: event.item,
  });
}

export async function getFeedback(id: string): Promise<Feedback | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: config().tableName, Key: feedbackKeys.item(id), ConsistentRead: true }));
  return Item?.feedback as Feedback | undefined;
}

/** An agency's feedback, newest first, at most `limit` (a Query of gsi1). */
export async function listAgencyFeedback(agencyId: string, limit: number): Promise<ReturnType<typeof feedbackView>[]> {
  const items: ReturnType<typeof feedbackView>[] = [];
  for await (const item of queryItems({
    TableName: config().tableName,
    IndexName: MAIN_INDEX.gsi1,
    KeyConditionExpression: 'gsi1pk = :pk',
    ScanIndexForward: false,
    ExpressionAttributeValues: { ':pk': feedbackKeys.byAgency(agencyId, '', '').gsi1pk },
  })) {
    items.push(item.listing as ReturnType<typeof feedbackView>);
    if (items.length >= limit) break;
  }
  return items;
}

/** Where a writer's page ended: the last item's submission time and id. */
export interface OwnerFeedbackCursor {
  submittedAt: string;
  id: string;
}

/**
 * A writer's own feedback, newest first, a page of `limit` (a Query of gsi3, keys only, in the
 * writer's partition; then each item read consistently, so an answer just given shows).
 */
export async function listOwnerFeedback(ownerSub: string, options: { limit: number; after?: OwnerFeedbackCursor }): Promise<{ items: Feedback[]; next?: OwnerFeedbackCursor }> {
  const { after, limit } = options;
  const page = await dynamo().send(
    new QueryCommand({
      TableName: config().tableName,
      IndexName: MAIN_INDEX.gsi3,
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': feedbackKeys.byOwner(ownerSub, '', '').gsi3pk },
      ScanIndexForward: false,
      Limit: limit,
      ...(after ? { ExclusiveStartKey: { ...feedbackKeys.item(after.id), ...feedbackKeys.byOwner(ownerSub, after.submittedAt, after.id) } } : {}),
    }),
  );
  const ids = (page.Items ?? []).map((item) => feedbackKeys.idOf(String(item.pk)));
  const items = (await Promise.all(ids.map(getFeedback))).filter((item): item is Feedback => item?.ownerSub === ownerSub);
  const last = items[items.length - 1];
  return { items, ...(page.LastEvaluatedKey && last ? { next: { submittedAt: last.submittedAt, id: last.id } } : {}) };
}

/** An agency's open feedback whose deadline is before `before` (a Query of gsi2; the index is eventually consistent). */
export async function* dueFeedback(agencyId: string, before: string): AsyncGenerator<ReturnType<typeof feedbackView>> {
  for await (const item of queryItems({
    TableName: config().tableName,
    IndexName: MAIN_INDEX.gsi2,
    KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
    ExpressionAttributeValues: { ':pk': feedbackKeys.due(agencyId, '', '').gsi2pk, ':before': before },
  }))
    yield item.listing as ReturnType<typeof feedbackView>;
}

/**
 * Writes a feedback's next state with its event, on condition that it is still OPEN and (`overdue`)
 * not yet found overdue: two officers answering at once, or two watcher runs, change it once.
 * `leaveDue`: the next state leaves the deadline index.
 */
export async function updateOpenFeedback(next: Feedback, event: PendingEvent, options: { notYetOverdue?: boolean } = {}): Promise<void> {
  try {
    await transact({
      feedback: {
        Update: {
          TableName: config().tableName,
          Key: feedbackKeys.item(next.id),
          UpdateExpression: 'SET feedback = :next, listing = :listing REMOVE gsi2pk, gsi2sk',
          ConditionExpression: `feedback.#status = :open${options.notYetOverdue ? ' AND attribute_not_exists(feedback.overdueAt)' : ''}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':next': next, ':listing': feedbackView(next), ':open': 'OPEN' },
        },
      },
      event: event.item,
    });
  } catch (error) {
    if (failedOn(error, 'feedback')) throw new FeedbackNotOpenError();
    throw error;
  }
}
