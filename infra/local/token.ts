import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLocalIssuer } from './issuer';
import { dataDir } from './paths';

const USAGE = `Usage: npm run -s token -- [--role citizen|officer|admin] [--sub ID] [--agency ID] [--expires 12h]

Prints a bearer token that the local gateway (npm start) accepts, signed with the local key in the data dir.
  --role     who the caller is (default citizen)
  --sub      the caller's id (default <role>-demo)
  --agency   the agency an officer serves (officers see only their agency's dossiers)
  --expires  lifetime, e.g. 30m, 12h, 7d (default 12h)
  --help     this text

Example: curl -H "authorization: Bearer $(npm run -s token -- --role officer --agency so-tu-phap)" http://localhost:3000/agency/dossiers`;

let values: { role?: string; sub?: string; agency?: string; expires?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: { role: { type: 'string', default: 'citizen' }, sub: { type: 'string' }, agency: { type: 'string' }, expires: { type: 'string', default: '12h' }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const role = values.role;
if (role !== 'citizen' && role !== 'officer' && role !== 'admin') {
  console.error(`--role must be citizen, officer or admin\n\n${USAGE}`);
  process.exit(2);
}
const issuer = await createLocalIssuer(join(dataDir, 'jwt-signing-key.json'));
console.log(await issuer.sign({ sub: values.sub ?? `${role}-demo`, role, ...(values.agency ? { agencyId: values.agency } : {}) }, { expiresIn: values.expires }));
