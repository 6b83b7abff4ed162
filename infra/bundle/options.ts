import type { BuildOptions } from 'esbuild';

/**
 * How every motcua function is bundled, declared once: CDK's MotcuaFunction
 * (infra/stacks/function.ts) hands it to NodejsFunction's esbuild, and `npm run bench`
 * (bench/bundles.ts) and the bundle smoke test build exactly the same bundles from it.
 */

/** Lets a bundled CommonJS dependency call `require` inside our ESM output. */
export const CREATE_REQUIRE_BANNER = "import { createRequire as __motcuaCreateRequire } from 'node:module'; const require = __motcuaCreateRequire(import.meta.url);";

/**
 * Modules replaced at bundle time, as paths relative to the project root: esbuild resolves an alias
 * from its working directory, which is the project root for CDK (local or Docker bundling) and for
 * the bench. Measured on this project (../shared/TOOLCHAIN.md): −125-152 KiB and −14-33 ms of init
 * per function; test/infra/bundle.test.ts runs such bundles against DynamoDB Local and s3rver.
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  // Lambda hands the role's credentials in the environment: the rest of the chain never finds any.
  '@aws-sdk/credential-provider-node': './infra/bundle/env-credentials.ts',
  // Event streams (S3 SelectObjectContent and the like) are never used.
  '@smithy/core/event-streams': './infra/bundle/no-event-streams.ts',
};

export const BUNDLE = {
  format: 'esm',
  target: 'node22',
  /** ESM builds of the SDK tree-shake better; `['main']` or `conditions: ['node']` grow bundles. */
  mainFields: ['module', 'main'],
  banner: CREATE_REQUIRE_BANNER,
  minify: true,
  /**
   * Source maps are written beside each bundle (in the asset, uploadable to a debugger or an error
   * tracker) but not loaded at run time by default: `--enable-source-maps` costs 7-28 ms of every
   * cold start. Context `sourceMapsAtRuntime=true` turns them on for a stage (infra/stacks/stage.ts).
   */
  sourceMap: true,
  sourcesContent: false,
  alias: BUNDLE_ALIASES,
} as const;

/** The NODE_OPTIONS that make Node read the source maps: set only where a stage asks for it. */
export const SOURCE_MAPS_AT_RUNTIME = '--enable-source-maps';

/** The same bundle through esbuild's API (bench, tests). */
export function esbuildOptions(entry: string, outfile: string, projectRoot: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: BUNDLE.format,
    target: BUNDLE.target,
    mainFields: [...BUNDLE.mainFields],
    banner: { js: BUNDLE.banner },
    minify: BUNDLE.minify,
    sourcemap: BUNDLE.sourceMap,
    sourcesContent: BUNDLE.sourcesContent,
    alias: { ...BUNDLE.alias },
    // Bundle the AWS SDK too: the version the tests ran against, not whichever the runtime ships.
    external: [],
    absWorkingDir: projectRoot,
    logLevel: 'silent',
  };
}
