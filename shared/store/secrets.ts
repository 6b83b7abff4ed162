import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { config } from '../config';
import { secretId, type SecretName } from '../secrets';

/**
 * Reads a stage's secret: an SSM SecureString parameter (standard tier, the `aws/ssm` key), free
 * where Secrets Manager costs $0.40 a month each. Undefined when the parameter does not exist;
 * throttling and access errors throw, so the invocation fails and is retried. Never logged.
 */
let ssm: SSMClient | undefined;
export async function readSecret(name: SecretName): Promise<string | undefined> {
  ssm ??= new SSMClient({});
  try {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: secretId(config().stage, name), WithDecryption: true }));
    return Parameter?.Value;
  } catch (error) {
    if (error instanceof ParameterNotFound || (error as { name?: string }).name === 'ParameterNotFound') return undefined;
    throw error;
  }
}

/** A secret that is not JSON; names the secret, never its value. */
export class SecretFormatError extends Error {}

/** The secret as JSON, or undefined when there is none. */
export async function readSecretJson(name: SecretName): Promise<unknown> {
  const raw = await readSecret(name);
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new SecretFormatError(`secret ${name} is not JSON`);
  }
}
