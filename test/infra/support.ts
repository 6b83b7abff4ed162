import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Route } from '../../infra/routes';
import { buildMotcua, repositoryDeclarations } from '../../infra/stacks/motcua';

export { repositoryDeclarations };
import type { Declarations } from '../../infra/stacks/stateless';

/** A handler file that exists today, for the fixture entries below (bundling is skipped in tests). */
const EXISTING_HANDLER = 'functions/system/health.ts';

/**
 * Entries added to the repository's own declarations so every kind is exercised even while the
 * route table is young: a protected route, a payment webhook, a consumer rule and a schedule.
 */
export const fixtureRoutes: Route[] = [
  {
    method: 'GET',
    path: '/fixture/dossiers/{id}',
    handler: EXISTING_HANDLER,
    contract: { operationId: 'fixtureProtected', summary: 'fixture', tag: 'fixture', access: ['citizen', 'officer'] },
    uses: { table: 'write', outbox: 'write', attachments: 'write' },
  },
  {
    method: 'POST',
    path: '/webhooks/fixture/{provider}',
    handler: EXISTING_HANDLER,
    contract: { operationId: 'fixtureWebhook', summary: 'fixture', tag: 'fixture', access: 'webhook' },
    uses: { table: 'write', outbox: 'write', secrets: ['payment-webhooks', 'vnpay'] },
  },
];

export function withFixtures(declarations: Declarations = repositoryDeclarations): Declarations {
  return {
    ...declarations,
    routes: [...declarations.routes, ...fixtureRoutes],
    consumerRules: [
      ...declarations.consumerRules,
      {
        id: 'fixture-router',
        description: 'fixture consumer',
        handler: EXISTING_HANDLER,
        uses: { table: 'write', outbox: 'write' },
        pattern: { 'detail-type': ['dossier.submitted'], detail: { data: { tier: ['commune'] } } },
      },
    ],
    schedules: [...declarations.schedules, { id: 'fixture-sweep', description: 'fixture schedule', everyMinutes: 15, handler: EXISTING_HANDLER, uses: { table: 'read' } }],
  };
}

export interface Synthesized {
  app: App;
  stateful: Template;
  /** The stateless stack itself: the HTTP API, its stage and authorizer, the alarm topic, the dashboard. */
  stateless: Template;
  /** Its nested stacks by construct id: `Api<Area>`, `Events`, `Agencies`. */
  nested: ReadonlyMap<string, Template>;
  /** The stateless stack and its nested stacks as one template, for checks on every function, queue or alarm. */
  code: Template;
  /** Every template the app deploys, by stack path (`motcua-dev-stateless/ApiDossiers`). */
  templates: ReadonlyArray<{ name: string; template: Template }>;
  built: ReturnType<typeof buildMotcua>;
}

/**
 * The resources of several templates in one, failing on a logical id found in two of them (so a
 * lookup by id in the union is never ambiguous). Parameters are not merged: references between
 * the stacks show as `{ Ref: 'referenceto…' }` parameters.
 */
function union(templates: readonly Template[]): Template {
  const resources: Record<string, unknown> = {};
  for (const template of templates) {
    for (const [id, resource] of Object.entries(template.toJSON().Resources as Record<string, { Type: string }>)) {
      if (resource.Type === 'AWS::CDK::Metadata') continue;
      if (id in resources) throw new Error(`logical id ${id} is in two stacks`);
      resources[id] = resource;
    }
  }
  return Template.fromJSON({ Resources: resources }, { skipCyclicalDependenciesCheck: true });
}

/** One synthesized app (bundling skipped), to share across the tests of a file. */
export function synth(context: Record<string, unknown> = {}, declarations: Declarations = withFixtures()): Synthesized {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const built = buildMotcua(app, declarations);
  const stateless = Template.fromStack(built.stateless);
  const nestedStacks = built.stateless.allStacks.filter((stack) => stack !== built.stateless);
  const nested = new Map(nestedStacks.map((stack) => [stack.node.id, Template.fromStack(stack)] as const));
  const stateful = Template.fromStack(built.stateful);
  return {
    app,
    built,
    stateful,
    stateless,
    nested,
    code: union([stateless, ...nested.values()]),
    templates: [
      { name: built.stateful.node.path, template: stateful },
      { name: built.stateless.node.path, template: stateless },
      ...nestedStacks.map((stack) => ({ name: stack.node.path, template: nested.get(stack.node.id)! })),
    ],
  };
}

export const devContext = {
  stage: 'dev',
  corsOrigins: 'https://dichvucong.example.vn,https://m.example.vn',
  alarmEmail: 'oncall@example.vn',
  agencyIntegrations: [{ agencyId: 'so-tu-phap-hn' }, { agencyId: 'ubnd-phuong-1' }],
};
export const prodContext = { stage: 'prod', corsOrigins: ['https://dichvucong.example.vn'] };
/** A stage that delivers notifications: SES from a verified address, SMS through SNS (as `-c` gives them, text). */
export const deliveringContext = { ...prodContext, notifyEmailFrom: 'thongbao@example.org', notifySms: 'true' };
