import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../shared/config';
import { counterDay } from '../../shared/domain/dossier-code';
import { logSink } from '../../shared/logger';
import { NEEDS_A_HUMAN } from '../../shared/needs-a-human';
import { dynamo } from '../../shared/store/clients';
import { dossierKeys } from '../../shared/store/keys';
import { agencies, citizenClient, readyDraft, seedCatalogue } from '../dossiers/support';
import { useLocalWorld } from '../support/local';
import { figures } from './support';

/**
 * Issue 12.12, end to end: what needs a person leaves a log line that the stage's metric filter
 * counts (`{ $.action = "<one of NEEDS_A_HUMAN>" }`, infra/stacks/function.ts; the alarm and the
 * filters themselves are asserted in test/infra/stateless.test.ts). Here a 10,000th dossier of the
 * day is submitted through the gateway: its code is issued with 5 digits and the line is there,
 * parseable JSON with the `action` field the filter reads, and no personal data.
 */
const { gateway } = useLocalWorld({ seed: seedCatalogue });
const lines: string[] = [];
const write = logSink.write;
const level = process.env.LOG_LEVEL;
beforeAll(async () => {
  // The tests' logs are silent by default: this one reads them.
  process.env.LOG_LEVEL = 'info';
  logSink.write = (line) => {
    lines.push(line);
    return true;
  };
});
afterAll(async () => {
  logSink.write = write;
  if (level === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = level;
});

describe('what needs a person is logged where the alarm counts it', () => {
  it('logs dossier.code.overflow, with its action, when a day passes 9,999 dossiers of one agency', async () => {
    const agency = agencies[0]!;
    // The day's counter, as 9,999 submits would have left it.
    await dynamo().send(new PutCommand({ TableName: config().tableName, Item: { ...dossierKeys.dailyCounter(agency.id, counterDay(new Date())), seq: 9_999 } }));
    const client = citizenClient(gateway, await gateway.token('citizen', { sub: 'citizen-overflow' }));
    const id = await readyDraft(client);
    const res = await client.submit(id);
    expect(res.status).toBe(200);
    const { code } = await res.json();
    expect(code).toMatch(new RegExp(`^${agency.code}-\\d{6}-10000$`));

    const counted = lines.map((line) => JSON.parse(line) as { action?: string; level?: string }).filter((entry) => (NEEDS_A_HUMAN as readonly string[]).includes(entry.action ?? ''));
    figures('needs a human', { situations: 1, linesCounted: counted.length });
    expect(counted).toEqual([expect.objectContaining({ level: 'error', action: 'dossier.code.overflow', agencyId: agency.id, sequence: 10_000 })]);
    expect(lines.join('\n')).not.toMatch(/\d{12}|0912345678/);
  });
});
