/**
 * Bundled in place of `@aws-sdk/credential-provider-node` (infra/bundle/options.ts). Lambda hands
 * a function its role's credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN), so the rest of the default chain (SSO, INI files, process, web identity,
 * IMDS, STS) is ~94 KiB of every bundle and ~15-30 ms of every cold start that never finds anything.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

type Init = Parameters<typeof fromEnv>[0];

export const defaultProvider = (init: Init = {}) => fromEnv(init);
