import { parseArgs } from 'node:util';
import { DVCQG_SIMULATOR_PATH } from './dvcqg-simulator';

/**
 * `npm run -s dvcqg:forward -- [--gateway URL] [--procedure MaTTHC] [--unit MaDonViHanhChinh] [--code MaHoSo]`:
 * asks the running stack's DVCQG simulator to forward a sample dossier (signed with the simulator's
 * inbound secret, which stays in .data/) and prints the province's answer. Run it twice with the
 * same --code: the second answer says `duplicate: true` and no second dossier exists.
 */
const { values } = parseArgs({ options: { gateway: { type: 'string' }, procedure: { type: 'string' }, unit: { type: 'string' }, code: { type: 'string' } } });
const gateway = values.gateway ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const overrides = {
  ...(values.procedure ? { MaTTHC: values.procedure } : {}),
  ...(values.unit ? { MaDonViHanhChinh: values.unit } : {}),
  ...(values.code ? { MaHoSo: values.code } : {}),
};
const response = await fetch(`${gateway}${DVCQG_SIMULATOR_PATH}/forward`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(overrides) }).catch(() => undefined);
if (!response) {
  console.error(`No local stack at ${gateway}: start it with npm start (PORT sets its port).`);
  process.exit(1);
}
console.log(`HTTP ${response.status}`);
console.log(JSON.stringify(await response.json(), null, 2));
process.exit(response.status < 300 ? 0 : 1);
