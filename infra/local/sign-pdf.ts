import { readFileSync, writeFileSync } from 'node:fs';
import { loadOrCreateDevCa, samplePdf, signPdf } from './dev-ca';
import { dataDir } from './paths';

/**
 * `npm run -s sign-pdf -- [in.pdf] out.pdf`: signs a PDF with the local stack's dev agency certificate
 * (`.data/dev-ca/`, trusted by `npm start`), to try resolve → upload → return with a signed result.
 * Without an input, signs a sample page.
 */
const [input, output] = process.argv.slice(2).length === 1 ? [undefined, process.argv[2]] : process.argv.slice(2);
if (!output) {
  console.error('usage: npm run -s sign-pdf -- [in.pdf] out.pdf');
  process.exit(2);
}
const ca = loadOrCreateDevCa(dataDir);
const signed = await signPdf(input ? readFileSync(input) : await samplePdf(), ca.agencyP12);
writeFileSync(output, signed);
console.log(`${output}: ${signed.length} bytes, signed by the dev agency certificate (trusted only by the local stack)`);
