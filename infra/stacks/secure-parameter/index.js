// Creates an SSM SecureString parameter once, at deploy time (CloudFormation cannot: AWS::SSM::Parameter
// is String or StringList only). Plain CommonJS for CDK's CustomResourceProvider; the SDK is the runtime's.
// The value is the template plus one generated key, or the given value; an existing parameter (an
// operator's real credentials) is never overwritten. Delete removes it only when the stage destroys data.
const { randomBytes } = require('node:crypto');

const generated = () => randomBytes(24).toString('hex');

/** `ssm` is anything with the SDK client's `send`; `commands` the SDK's command classes. */
async function run(event, ssm, commands) {
  const { Name, Description, Template, GenerateKey, Value, Retain } = event.ResourceProperties;
  const exists = async () => {
    try {
      await ssm.send(new commands.GetParameterCommand({ Name }));
      return true;
    } catch (error) {
      if (error.name === 'ParameterNotFound') return false;
      throw error;
    }
  };
  if (event.RequestType === 'Delete') {
    if (Retain !== 'true') {
      try {
        await ssm.send(new commands.DeleteParameterCommand({ Name }));
      } catch (error) {
        if (error.name !== 'ParameterNotFound') throw error;
      }
    }
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  // Create, or an update that renames it: a parameter already there is kept as it is.
  if (event.RequestType === 'Create' || event.OldResourceProperties?.Name !== Name) {
    if (!(await exists())) {
      const value = Value ?? JSON.stringify({ ...JSON.parse(Template ?? '{}'), ...(GenerateKey ? { [GenerateKey]: generated() } : {}) });
      await ssm.send(new commands.PutParameterCommand({ Name, Description, Value: value, Type: 'SecureString', Tier: 'Standard', Overwrite: false }));
    }
  }
  return { PhysicalResourceId: Name };
}

exports.run = run;
exports.handler = async (event) => {
  const commands = require('@aws-sdk/client-ssm');
  return run(event, new commands.SSMClient({}), commands);
};
