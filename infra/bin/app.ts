import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildMotcua } from '../stacks/motcua';

/** `npx cdk synth|deploy -c stage=dev|prod`: see README, Deploy. Works offline, without credentials. */
const app = new App();
buildMotcua(app);
// AwsSolutions rules gate every synth: an unacknowledged finding fails it, as it fails the tests.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
