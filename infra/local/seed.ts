import { localNames } from './provision';
import { seedCatalogue } from './seed-data';
import { setLocalEnv, startLocalStack, type LocalStack } from './stack';

/**
 * `npm run seed`: loads the demo province (units, agencies, procedures, form templates), replacing
 * entries with the same ids. With DYNAMODB_ENDPOINT set (e.g. to the one `npm start` prints) it writes
 * there; otherwise it starts the persisted local stack's emulators (.data/), seeds them and stops them.
 * Do not run it without DYNAMODB_ENDPOINT while `npm start` runs: both would open .data/dynamodb.
 */
async function main() {
  let stack: LocalStack | undefined;
  if (process.env.DYNAMODB_ENDPOINT) {
    if (!process.env.TABLE_NAME) {
      const endpoints = { dynamoDb: process.env.DYNAMODB_ENDPOINT, s3: process.env.S3_ENDPOINT ?? '' };
      if (!endpoints.s3) throw new Error('S3_ENDPOINT is needed with DYNAMODB_ENDPOINT (npm start prints both).');
      setLocalEnv(localNames('motcua-local'), endpoints);
    }
  } else {
    stack = await startLocalStack({ persist: true, port: 0 });
  }
  try {
    const counts = await seedCatalogue();
    console.log(`seeded ${counts.units} units, ${counts.agencies} agencies, ${counts.procedures} procedures and ${counts.templates} form templates`);
  } finally {
    await stack?.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`seed failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
