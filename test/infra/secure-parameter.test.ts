import { createRequire } from 'node:module';
import { DeleteParameterCommand, GetParameterCommand, ParameterNotFound, PutParameterCommand } from '@aws-sdk/client-ssm';

/**
 * The deploy-time writer of SecureString parameters (infra/stacks/secure-parameter), driven with
 * the SDK's own commands and a recording client: a redeploy must never replace credentials an
 * operator has put, and a retained stage's parameters outlive its stack.
 */
const { run } = createRequire(import.meta.url)('../../infra/stacks/secure-parameter/index.js') as { run: (event: object, ssm: object, commands: object) => Promise<{ PhysicalResourceId: string }> };
const commands = { GetParameterCommand, PutParameterCommand, DeleteParameterCommand };

function parameterStore(existing: Record<string, string> = {}) {
  const values = new Map(Object.entries(existing));
  const calls: { command: string; input: Record<string, unknown> }[] = [];
  const send = async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    calls.push({ command: command.constructor.name, input: command.input });
    const name = command.input.Name as string;
    if (command instanceof GetParameterCommand) {
      if (!values.has(name)) throw new ParameterNotFound({ message: 'not found', $metadata: {} });
      return { Parameter: { Name: name, Value: values.get(name) } };
    }
    if (command instanceof PutParameterCommand) values.set(name, command.input.Value as string);
    if (command instanceof DeleteParameterCommand) values.delete(name);
    return {};
  };
  return { values, calls, ssm: { send } };
}

const props = { Name: '/motcua/dev/vnpay', Description: 'VNPay', Template: '{"tmnCode":"set-me"}', GenerateKey: 'hashSecret', Retain: 'true' };

describe('the SecureString parameter custom resource', () => {
  it('creates the parameter with the template and a generated key, as a SecureString', async () => {
    const store = parameterStore();
    await expect(run({ RequestType: 'Create', ResourceProperties: props }, store.ssm, commands)).resolves.toEqual({ PhysicalResourceId: '/motcua/dev/vnpay' });
    const put = store.calls.find((c) => c.command === 'PutParameterCommand')!;
    expect(put.input).toMatchObject({ Name: '/motcua/dev/vnpay', Type: 'SecureString', Tier: 'Standard', Overwrite: false });
    const value = JSON.parse(store.values.get('/motcua/dev/vnpay')!);
    expect(value).toEqual({ tmnCode: 'set-me', hashSecret: expect.stringMatching(/^[0-9a-f]{48}$/) });
    // Two stages never share a generated secret.
    const other = parameterStore();
    await run({ RequestType: 'Create', ResourceProperties: props }, other.ssm, commands);
    expect(JSON.parse(other.values.get('/motcua/dev/vnpay')!).hashSecret).not.toBe(value.hashSecret);
  });

  it('keeps what an operator put, on create and on update', async () => {
    const store = parameterStore({ '/motcua/dev/vnpay': '{"tmnCode":"REAL","hashSecret":"issued-by-vnpay"}' });
    await run({ RequestType: 'Create', ResourceProperties: props }, store.ssm, commands);
    await run({ RequestType: 'Update', PhysicalResourceId: '/motcua/dev/vnpay', ResourceProperties: { ...props, Description: 'new' }, OldResourceProperties: props }, store.ssm, commands);
    expect(store.values.get('/motcua/dev/vnpay')).toBe('{"tmnCode":"REAL","hashSecret":"issued-by-vnpay"}');
    expect(store.calls.map((c) => c.command)).not.toContain('PutParameterCommand');
  });

  it('writes a given value as it is (the empty list of agency webhooks)', async () => {
    const store = parameterStore();
    await run({ RequestType: 'Create', ResourceProperties: { Name: '/motcua/dev/agency-webhooks', Value: '[]', Retain: 'false' } }, store.ssm, commands);
    expect(store.values.get('/motcua/dev/agency-webhooks')).toBe('[]');
  });

  it('deletes on stack deletion only where the stage destroys its data', async () => {
    const kept = parameterStore({ '/motcua/prod/vnpay': '{}' });
    await run({ RequestType: 'Delete', PhysicalResourceId: '/motcua/prod/vnpay', ResourceProperties: { ...props, Name: '/motcua/prod/vnpay' } }, kept.ssm, commands);
    expect(kept.values.has('/motcua/prod/vnpay')).toBe(true);
    const dropped = parameterStore();
    await expect(run({ RequestType: 'Delete', PhysicalResourceId: '/motcua/dev/vnpay', ResourceProperties: { ...props, Retain: 'false' } }, dropped.ssm, commands)).resolves.toEqual({
      PhysicalResourceId: '/motcua/dev/vnpay',
    });
  });
});
