import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLocalIssuer } from './issuer';
import { dataDir } from './paths';

/** `npm run -s token -- --role citizen|officer|admin [--sub ID] [--agency ID]`: a token the local gateway accepts. */
const { values } = parseArgs({
  options: { role: { type: 'string', default: 'citizen' }, sub: { type: 'string' }, agency: { type: 'string' }, expires: { type: 'string', default: '12h' } },
});
const role = values.role;
if (role !== 'citizen' && role !== 'officer' && role !== 'admin') {
  console.error('--role must be citizen, officer or admin');
  process.exit(2);
}
const issuer = await createLocalIssuer(join(dataDir, 'jwt-signing-key.json'));
console.log(await issuer.sign({ sub: values.sub ?? `${role}-demo`, role, ...(values.agency ? { agencyId: values.agency } : {}) }, { expiresIn: values.expires }));
