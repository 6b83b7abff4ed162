import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { SlipFonts } from './layout';

/**
 * Be Vietnam Pro (SIL OFL), from the npm package @expo-google-fonts/be-vietnam-pro: a family drawn
 * for Vietnamese (every precomposed letter with its tone marks), 140 KB a weight against ~640 KB
 * for Noto Sans. In Lambda the two files sit beside the bundle under `fonts/` (copied by the
 * function's bundling, infra/stacks/function.ts); elsewhere they are read from node_modules.
 */
export const FONT_PACKAGE = '@expo-google-fonts/be-vietnam-pro';
/** The functions that render PDFs: CDK copies the fonts beside their bundles and gives them PUBLIC_BASE_URL. */
export const SLIP_RENDERERS: readonly string[] = ['functions/slips/issue-slip.ts', 'functions/slips/tracking-book.ts', 'functions/payments/receipt.ts'];
/** The functions that hand out verify links without rendering: resolve answers the result's QR URL (no fonts needed). */
export const VERIFY_LINKERS: readonly string[] = [...SLIP_RENDERERS, 'functions/agency/act.ts'];
export const FONT_FILES = { regular: '400Regular/BeVietnamPro_400Regular.ttf', bold: '700Bold/BeVietnamPro_700Bold.ttf' } as const;

function fontDirectory(): string {
  const taskRoot = process.env.LAMBDA_TASK_ROOT;
  if (taskRoot) return join(taskRoot, 'fonts');
  return dirname(createRequire(join(process.cwd(), 'package.json')).resolve(`${FONT_PACKAGE}/package.json`));
}

let loaded: SlipFonts | undefined;
/** The fonts, read once per process. */
export function slipFonts(): SlipFonts {
  if (!loaded) {
    const dir = fontDirectory();
    const read = (file: string) => new Uint8Array(readFileSync(join(dir, process.env.LAMBDA_TASK_ROOT ? file.split('/').pop()! : file)));
    loaded = { regular: read(FONT_FILES.regular), bold: read(FONT_FILES.bold) };
  }
  return loaded;
}
