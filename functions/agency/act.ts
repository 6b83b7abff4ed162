import * as agency from '../../shared/contracts/agency';
import { httpHandler } from '../../shared/http/handler';
import { officerAction } from '../../shared/agency/officer-http';

/** POST /agency/dossiers/{id}/{action}: receive, process, refuse, request-supplement, request-payment, transfer, resolve, stop, return, reschedule. */
export const handler = httpHandler(agency.act, (request) => officerAction(request));
