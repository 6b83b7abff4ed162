import { DEMO_OFFICER_AGENCY_ID, seedIfEmpty } from './seed-data';
import { startLocalStack } from './stack';

/** `npm start`: the local stack with data kept under .data/, until Ctrl-C or SIGTERM. */
async function main() {
  const port = Number(process.env.PORT ?? 3000);
  console.log('motcua local stack: starting DynamoDB Local (data in .data/dynamodb), the S3 emulator (.data/s3) and the gateway…');
  const stack = await startLocalStack({ port, persist: true });
  if (await seedIfEmpty()) console.log('empty store: loaded the demo province (npm run seed reloads it).');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local stack…`);
    await stack.stop();
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const citizen = await stack.issuer.sign({ sub: 'citizen-demo', role: 'citizen' });
  const officer = await stack.issuer.sign({ sub: 'officer-demo', role: 'officer', agencyId: DEMO_OFFICER_AGENCY_ID });
  console.log(`
  DynamoDB Local   ${stack.dynamoDbEndpoint}  (tables ${stack.names.tableName}, ${stack.names.outboxTableName})
  S3 emulator      ${stack.s3Endpoint}  (buckets ${stack.names.attachmentsBucket}, ${stack.names.documentsBucket})
  Gateway          ${stack.url}
                   ${stack.url}/health   ${stack.url}/openapi.json

  Sample tokens (12 h; more with: npm run -s token -- --role citizen|officer|admin [--sub ID] [--agency ID])
  citizen  ${citizen}
  officer  ${officer}

  Ctrl-C stops everything.`);
}

main().catch((error) => {
  console.error(`motcua local stack failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
