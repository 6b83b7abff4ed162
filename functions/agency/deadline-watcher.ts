import { checkConfigAtInit } from '../../shared/config';
import type { ScheduledEvent } from 'aws-lambda';
import { now } from '../../shared/clock';
import { logger } from '../../shared/logger';
import { raiseOverdue } from '../../shared/agency/deadlines';

checkConfigAtInit();

/** Scheduled: raises dossier.overdue, once, for each dossier past its appointment date. */
export const handler = async (_event: ScheduledEvent | unknown) => raiseOverdue(now(), logger.child({ function: 'deadline-watcher' }));
