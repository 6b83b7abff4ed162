import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { currentNames, emulatorClients, useLocalWorld } from '../support/local';
import { citizenClient, pdf, seedCatalogue, sha256 } from '../dossiers/support';
import { figures } from './support';

/**
 * Issue 12, point 1: concurrent submits (and supplements) of one dossier with *different*
 * Idempotency-Keys. One wins, the others are 409, and no loser's cleanup touches the papers the
 * winner committed: the officer downloads every paper of the winner, byte for byte, through the
 * presigned GET, and nothing a loser copied is left behind.
 */
const ROUNDS = Number(process.env.RELIABILITY_PAPER_ROUNDS ?? 4);

const { gateway, events } = useLocalWorld({ seed: seedCatalogue, events: true });
let citizen: ReturnType<typeof citizenClient>;
let officerToken: string;

beforeAll(async () => {
  citizen = citizenClient(gateway, await gateway.token('citizen', { sub: 'citizen-papers-race' }));
  officerToken = await gateway.token('officer', { sub: 'officer-papers-race', agencyId: 'ubnd-xa-an-binh' });
}, 60_000);

const officer = (method: string, path: string, json?: unknown) =>
  gateway.request(method, `/agency/dossiers${path}`, { token: officerToken, ...(json === undefined ? {} : { json }), headers: method === 'POST' ? { 'idempotency-key': `officer-${Date.now()}-${Math.random()}` } : {} });

/** Every object the attachments bucket holds under a dossier's papers. */
async function storedPapers(id: string): Promise<string[]> {
  const { s3 } = emulatorClients();
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: currentNames().attachmentsBucket, Prefix: `dossiers/${id}/` }));
  return (listed.Contents ?? []).map((object) => object.Key!).sort();
}

/** The officer's view after routing: downloads every paper and compares it with what the citizen uploaded. */
async function officerDownloads(id: string, uploaded: Map<string, Buffer>): Promise<{ papers: number; identical: number }> {
  const res = await officer('GET', `/${id}`);
  expect(res.status).toBe(200);
  const { papers } = (await res.json()) as { papers: { paperId: string; sha256: string; download: { url: string } }[] };
  let identical = 0;
  for (const paper of papers) {
    const download = await fetch(paper.download.url);
    const bytes = Buffer.from(await download.arrayBuffer());
    if (download.status === 200 && bytes.equals(uploaded.get(paper.sha256) ?? Buffer.alloc(0))) identical++;
  }
  return { papers: papers.length, identical };
}

/** Fires `attempts` requests at once, each with its own Idempotency-Key. */
async function race(attempts: number, send: () => Promise<Response>) {
  const answers = await Promise.all(
    Array.from({ length: attempts }, async () => {
      const res = await send();
      return { status: res.status, code: res.status === 200 ? undefined : ((await res.json()) as { code?: string }).code };
    }),
  );
  const losers = answers.filter((answer) => answer.status !== 200);
  expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
  expect(losers.map((loser) => loser.status)).toEqual(losers.map(() => 409));
  expect(losers.every((loser) => loser.code === 'CONFLICT' || loser.code === 'ILLEGAL_TRANSITION')).toBe(true);
  return losers.length;
}

describe('concurrent submits and supplements with different Idempotency-Keys', () => {
  it(`keep every paper of the winner, byte-identical, over ${ROUNDS} rounds of 3 to 5 submits and of supplements`, async () => {
    let tried = 0;
    let conflicts = 0;
    let downloaded = 0;
    let lost = 0;
    let leftovers = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const attempts = 3 + (round % 3);
      const uploaded = new Map<string, Buffer>();
      const attach = async (id: string, paperId: string, body: Buffer) => {
        uploaded.set(sha256(body), body);
        await citizen.attach(id, paperId, body);
      };
      const draft = await citizen.createDraft();
      expect(draft.status).toBe(201);
      const { id } = await draft.json();
      await attach(id, 'giay-chung-sinh', pdf(900, String.fromCharCode(97 + round)));
      await attach(id, 'giay-uy-quyen', pdf(700, String.fromCharCode(65 + round)));

      conflicts += await race(attempts, () => citizen.submit(id));
      tried += attempts;
      await events.settle();
      let outcome = await officerDownloads(id, uploaded);
      expect(outcome.papers).toBe(2);
      downloaded += outcome.identical;
      lost += outcome.papers - outcome.identical;

      // The officer asks for the authorisation again; the citizen sends a new one, several times at once.
      expect((await officer('POST', `/${id}/receive`, {})).status).toBe(200);
      expect((await officer('POST', `/${id}/request-supplement`, { reason: 'Văn bản ủy quyền chưa có chữ ký', papers: ['giay-uy-quyen'] })).status).toBe(200);
      await attach(id, 'giay-uy-quyen', pdf(800, String.fromCharCode(48 + round)));
      conflicts += await race(attempts, () => citizen.supplement(id, { note: 'Đã bổ sung' }));
      tried += attempts;
      outcome = await officerDownloads(id, uploaded);
      expect(outcome.papers).toBe(3);
      downloaded += outcome.identical;
      lost += outcome.papers - outcome.identical;
      // Each loser removed what it alone had copied: the bucket holds the winners' papers, nothing else.
      const stored = await storedPapers(id);
      leftovers += Math.max(0, stored.length - 3);
    }
    figures('papers.race', { rounds: ROUNDS, casesTried: tried, conflicts409: conflicts, papersDownloaded: downloaded, papersLost: lost, leftoverCopies: leftovers, gotThrough: lost + leftovers });
    expect({ lost, leftovers }).toEqual({ lost: 0, leftovers: 0 });
  }, 240_000);
});
