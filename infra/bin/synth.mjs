// `npm run synth`: cdk synth, with only what an operator needs to read. CDK writes "Bundling asset
// …" for each of ~100 functions and two notices on every synth, all to stderr and unconditionally;
// those lines are dropped here, everything else (warnings, errors, the exit code) passes through.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const NOISE = [/^Bundling asset /, /feature flags are not configured/, /^Supply a stack id /];
const child = spawn('npx', ['cdk', 'synth', '--quiet', '--no-notices', ...process.argv.slice(2)], { stdio: ['inherit', 'inherit', 'pipe'] });
createInterface({ input: child.stderr }).on('line', (line) => {
  if (!NOISE.some((pattern) => pattern.test(line))) process.stderr.write(`${line}\n`);
});
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
