import { now } from '../clock';
import { dossierListing } from '../domain/dossier';
import { allowedActions } from '../domain/dossier-lifecycle';
import type { Caller } from '../http/caller';
import { ACTION_BODIES, type OfficerActionName } from '../contracts/agency';
import { ValidationError } from '../domain/errors';
import { ok, type HttpResult } from '../http/response';
import type { Language } from '../http/language';
import { fieldErrors, fieldMessages } from '../http/validation';
import { inboxItem } from './inbox';
import { STEP_ACTIONS } from '../domain/internal-steps';
import { actOnStep } from './internal-steps';
import { actOnDossier, type OfficerActionInput } from './officer-actions';

/** The answer of every POST /agency/dossiers/{id}/{action}: the dossier as it now is, and for resolve an upload URL and the result's verify URL. */
export async function officerAction(request: { caller: Caller; params: { id: string; action: OfficerActionName }; body?: object; correlationId: string; language: Language }): Promise<HttpResult> {
  const { action } = request.params;
  // Each action's own body, validated as the stack validates the others: messages in the officer's language.
  const parsed = ACTION_BODIES[action].safeParse(request.body ?? {}, { error: fieldMessages(request.language) });
  if (!parsed.success) throw new ValidationError('The request is invalid; see errors for each field.', fieldErrors(parsed.error, 'body', request.language));
  const options = { correlationId: request.correlationId };
  const { dossier, upload, verifyUrl } = (STEP_ACTIONS as readonly string[]).includes(action)
    ? { dossier: await actOnStep(request.caller, request.params.id, { ...(parsed.data as object), action } as Parameters<typeof actOnStep>[2], options), upload: undefined, verifyUrl: undefined }
    : await actOnDossier(request.caller, request.params.id, { ...(parsed.data as object), action } as OfficerActionInput, options);
  return ok({ dossier: { ...inboxItem(dossierListing(dossier), now()), allowedActions: allowedActions(dossier, 'officer') }, ...(upload ? { upload } : {}), ...(verifyUrl ? { verifyUrl } : {}) });
}
