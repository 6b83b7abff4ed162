import type { Route } from '../../infra/routes';
import { repositoryDeclarations } from '../../infra/stacks/motcua';
import { devContext, prodContext, synth, withFixtures } from './support';

/**
 * CloudFormation refuses a stack of more than 500 resources. The stateless code is split in nested
 * stacks (one per API area, one for events, one for agencies) so that no template nears it; these
 * tests fail well before CloudFormation would, at 400, and name the stack that grew.
 */
const LIMIT = 400;

const sizes = (context: Record<string, unknown>, declarations = withFixtures()) =>
  synth(context, declarations).templates.map(({ name, template }) => ({ name, resources: Object.keys(template.toJSON().Resources).length }));

/** An agency list as long as a province's. */
const manyAgencies = Array.from({ length: 25 }, (_, i) => ({ agencyId: `agency-${i}` }));

describe('stack size (CloudFormation allows 500 resources per stack)', () => {
  it.each([
    ['dev', devContext],
    ['prod', prodContext],
    ['dev with 25 agency integrations', { ...devContext, agencyIntegrations: manyAgencies }],
  ] as const)(`keeps every stack, nested ones included, under ${LIMIT} resources in %s`, (_, context) => {
    const measured = sizes(context);
    expect(measured.length).toBeGreaterThan(4);
    expect(measured.filter(({ resources }) => resources >= LIMIT)).toEqual([]);
  });

  it('grows the stateless stack by one resource per API area, not per route', () => {
    const base = withFixtures();
    // Twice the route table: each route again under a new path, in a new area of its own tag.
    const doubled: Route[] = base.routes.map((route) => ({ ...route, path: `/v2${route.path}`, contract: { ...route.contract, tag: `${route.contract.tag}-v2` } }));
    const parentOf = (declarations: typeof base) => sizes(devContext, declarations).find(({ name }) => name === 'motcua-dev-stateless')!.resources;
    const areas = new Set(base.routes.map((route) => route.contract.tag)).size;
    expect(parentOf({ ...base, routes: [...base.routes, ...doubled] })).toBe(parentOf(base) + areas);
    expect(repositoryDeclarations.routes.length).toBeGreaterThan(0);
  });
});
