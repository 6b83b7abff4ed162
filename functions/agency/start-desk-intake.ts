import * as agency from '../../shared/contracts/agency';
import { startDeskIntake } from '../../shared/agency/desk';
import { httpHandler } from '../../shared/http/handler';
import { created } from '../../shared/http/response';

/** POST /agency/dossiers (Idempotency-Key): a walk-in or postal dossier entered at the desk; its scans' upload URLs. */
export const handler = httpHandler(agency.startDeskIntake, async ({ caller, body }) => created(await startDeskIntake(caller, body)));
