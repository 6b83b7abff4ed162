import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLocalIssuer } from './issuer';
import { dataDir } from './paths';
import { DEMO_CITIZEN } from './population-simulator';

const USAGE = `Usage: npm run -s token -- [--role citizen|officer|admin] [--sub ID] [--agency ID] [--expires 12h]
       [--id <12 digits>] [--loa 1|2] [--name "Họ tên"] [--birth YYYY-MM-DD] [--phone 09…] [--email a@b] [--tax <tax code>]

Prints a bearer token that the local gateway (npm start) accepts, signed with the local key in the data dir,
with the claims of the active identity profile (IDENTITY_PROFILE=cognito|vneid).
  --role     who the caller is (default citizen)
  --sub      the caller's id (default <role>-demo)
  --agency   the agency an officer serves (officers see only their agency's dossiers)
  --expires  lifetime, e.g. 30m, 12h, 7d (default 12h)
  --id       the citizen's identity number (số định danh cá nhân); without it, the population simulator's demo citizen
  --loa      assurance level of the login (VNeID level 1 or 2; default 1)
  --name, --birth, --phone, --email, --tax   identity claims (verified phone and email, an organisation's tax code)
  --help     this text

Example: curl -H "authorization: Bearer $(npm run -s token -- --role officer --agency so-tu-phap)" http://localhost:3000/agency/dossiers`;

let values: { role?: string; sub?: string; agency?: string; expires?: string; help?: boolean; id?: string; loa?: string; name?: string; birth?: string; phone?: string; email?: string; tax?: string };
try {
  ({ values } = parseArgs({
    options: {
      role: { type: 'string', default: 'citizen' },
      sub: { type: 'string' },
      agency: { type: 'string' },
      expires: { type: 'string', default: '12h' },
      help: { type: 'boolean', short: 'h' },
      id: { type: 'string' },
      loa: { type: 'string' },
      name: { type: 'string' },
      birth: { type: 'string' },
      phone: { type: 'string' },
      email: { type: 'string' },
      tax: { type: 'string' },
    },
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
if (values.id !== undefined && !/^\d{12}$/.test(values.id)) {
  console.error('--id must be 12 digits (số định danh cá nhân)');
  process.exit(2);
}
if (values.loa !== undefined && !/^[0-4]$/.test(values.loa)) {
  console.error('--loa must be an assurance level, 1 or 2');
  process.exit(2);
}
const demo = role === 'citizen' && values.id === undefined ? DEMO_CITIZEN : undefined;
const identity = {
  ...((values.id ?? demo?.nationalId) ? { nationalId: values.id ?? demo!.nationalId } : {}),
  ...((values.name ?? demo?.fullName) ? { fullName: values.name ?? demo!.fullName } : {}),
  ...((values.birth ?? demo?.birthDate) ? { birthDate: values.birth ?? demo!.birthDate } : {}),
  ...(values.phone ? { phone: values.phone } : {}),
  ...(values.email ? { email: values.email } : {}),
  ...(values.tax ? { taxCode: values.tax } : {}),
  assurance: Number(values.loa ?? 1),
};
const issuer = await createLocalIssuer(join(dataDir, 'jwt-signing-key.json'));
console.log(await issuer.sign({ sub: values.sub ?? `${role}-demo`, role, ...(values.agency ? { agencyId: values.agency } : {}), identity }, { expiresIn: values.expires }));
