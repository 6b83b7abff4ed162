import * as z from 'zod';
import { now } from '../clock';
import { cursorCodec } from '../domain/cursor';
import type { Caller } from '../http/caller';
import { listReads, recordRead, type DossierRead } from '../store/audit';

/** Records an officer's (or admin's) read of a dossier before answering it. */
export function auditRead(caller: Caller, dossierId: string, what: DossierRead['what'], correlationId?: string): Promise<void> {
  return recordRead(dossierId, {
    at: now().toISOString(),
    // The strongest role the caller read with: an admin who is also an officer reads as admin.
    who: { sub: caller.sub, role: caller.roles.includes('admin') ? 'admin' : caller.roles.includes('officer') ? 'officer' : (caller.roles[0] ?? 'citizen'), ...(caller.agencyId ? { agencyId: caller.agencyId } : {}) },
    what,
    ...(correlationId ? { correlationId } : {}),
  });
}

/** The sort key of the last read of a page; only ever used within the dossier's own audit partition. */
const cursors = cursorCodec(z.tuple([z.string().regex(/^READ#[\w:.+-]{1,40}#[\w-]{1,64}$/)]));

/** GET /admin/audit?dossierId=: every recorded read of one dossier, newest first. */
export async function listDossierReads(query: { dossierId: string; limit: number; cursor?: string }) {
  const after = query.cursor ? cursors.decode(query.cursor)[0] : undefined;
  const page = await listReads(query.dossierId, { limit: query.limit, ...(after ? { after } : {}) });
  return { items: page.items, ...(page.next ? { nextCursor: cursors.encode([page.next]) } : {}) };
}
