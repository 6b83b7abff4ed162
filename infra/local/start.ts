import { DEMO_OFFICER_AGENCY_ID, seedIfEmpty } from './seed-data';
import { dataDir } from './paths';
import { getResultTrust, putResultTrust } from '../../shared/store/result-trust';
import { loadOrCreateDevCa } from './dev-ca';
import { DEMO_CITIZEN } from './population-simulator';
import { startLocalStack, type LocalStack } from './stack';

/** `npm start`: the local stack with data kept under .data/, until Ctrl-C or SIGTERM. */
const port = Number(process.env.PORT ?? 3000);
/** `CORS_ORIGINS=a,b` lets a frontend on another origin call the local stack; by default the dev stage's. */
const corsOrigins = process.env.CORS_ORIGINS?.split(',')
  .map((origin) => origin.trim())
  .filter(Boolean);
let stack: LocalStack | undefined;
let stopping = false;

// Installed before anything starts: a Ctrl-C during start-up must stop what has started too.
async function shutdown(signal: string, starting: Promise<unknown>) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the local stack…`);
  await starting.catch(() => undefined);
  await stack?.stop();
  console.log('stopped.');
  process.exit(0);
}

async function main() {
  console.log(`motcua local stack: starting DynamoDB Local, the S3 emulator and the gateway (data in ${dataDir})…`);
  stack = await startLocalStack({ port, persist: true, holdUntilReady: true, ...(corsOrigins?.length ? { corsOrigins } : {}) });
  if (stopping) return;
  console.log(`gateway up at ${stack.url} (answering 503 STARTING until the demo data is checked)…`);
  if (await seedIfEmpty()) console.log('empty store: loaded the demo province (npm run seed reloads it).');
  // Signed results: the stack trusts its own dev CA (npm run -s sign-pdf signs with it), unless an admin set others.
  if (!(await getResultTrust())) await putResultTrust({ certificates: [loadOrCreateDevCa(dataDir).caPem], updatedAt: new Date().toISOString(), updatedBy: 'npm start' });
  stack.markReady();

  const citizen = await stack.issuer.sign({ sub: 'citizen-demo', role: 'citizen', identity: { ...DEMO_CITIZEN, assurance: 2 } });
  const officer = await stack.issuer.sign({ sub: 'officer-demo', role: 'officer', agencyId: DEMO_OFFICER_AGENCY_ID });
  console.log(`
  DynamoDB Local   ${stack.dynamoDbEndpoint}  (tables ${stack.names.tableName}, ${stack.names.outboxTableName})
  S3 emulator      ${stack.s3Endpoint}  (buckets ${stack.names.attachmentsBucket}, ${stack.names.documentsBucket})
  Gateway          ${stack.url}
                   ${stack.url}/health   ${stack.url}/openapi.json
  DVCQG simulator  ${stack.url}/_simulator/dvcqg/   (forward a dossier: npm run -s dvcqg:forward)
  Dev CA           ${dataDir}/dev-ca/   (trusted for signed results; sign one: npm run -s sign-pdf -- [in.pdf] out.pdf)
  PayGov simulator ${stack.url}/_simulator/paygov/  (records: GET _records; faults: POST _faults)

  Sample tokens (12 h; more with: npm run -s token -- --role citizen|officer|admin [--sub ID] [--agency ID] [--id <12 digits>] [--loa 2])
  citizen  ${citizen}
  officer  ${officer}

  Ctrl-C stops everything.`);
}

const starting = main();
process.on('SIGINT', () => void shutdown('SIGINT', starting));
process.on('SIGTERM', () => void shutdown('SIGTERM', starting));
starting.catch(async (error) => {
  if (stopping) return; // stopped mid-start: shutdown() reports
  console.error(`motcua local stack failed to start: ${error instanceof Error ? error.message : String(error)}`);
  await stack?.stop();
  process.exit(1);
});
