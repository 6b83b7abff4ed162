import { checkConfigAtInit } from '../../shared/config';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { publishOutbox } from '../../shared/events/publish-outbox';
import { logger } from '../../shared/logger';
import { putOnBus } from '../../shared/store/bus';

checkConfigAtInit();

/** The outbox table's stream → EventBridge, with partial batch failures (ReportBatchItemFailures). */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => publishOutbox(event.Records, putOnBus, logger.child({ function: 'publish' }));
