import type { Template } from 'aws-cdk-lib/assertions';

/** One Allow statement of a template's policies, with intrinsics rendered as `<Ref>` placeholders. */
export interface RenderedStatement {
  /** Logical id of the resource that carries the policy. */
  holder: string;
  type: string;
  actions: string[];
  resources: string[];
  principal?: string;
}

/** Renders CloudFormation values as text: `{Ref: X}` → `<X>`, joins joined, so a literal `*` stays visible. */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(render).join(',');
  if (value && typeof value === 'object') {
    const [key, arg] = Object.entries(value)[0] ?? [];
    if (key === 'Ref') return `<${String(arg)}>`;
    if (key === 'Fn::GetAtt') return `<${(arg as string[]).join('.')}>`;
    if (key === 'Fn::ImportValue') return `<import:${render(arg)}>`;
    if (key === 'Fn::Join') {
      const [separator, parts] = arg as [string, unknown[]];
      return parts.map(render).join(separator);
    }
    if (key === 'Fn::Sub') return render(Array.isArray(arg) ? arg[0] : arg);
    return `<${key}:${JSON.stringify(arg)}>`;
  }
  return String(value);
}

type Statement = { Effect: string; Action?: unknown; Resource?: unknown; Principal?: unknown; NotAction?: unknown; NotResource?: unknown };

/** Every Allow statement of every identity and resource policy in a template. */
export function allowStatements(template: Template): RenderedStatement[] {
  const out: RenderedStatement[] = [];
  const documents: Array<[string, string, { Statement: Statement[] }]> = [];
  for (const [id, resource] of Object.entries(template.toJSON().Resources as Record<string, { Type: string; Properties?: any }>)) {
    const p = resource.Properties ?? {};
    if (p.PolicyDocument) documents.push([id, resource.Type, p.PolicyDocument]);
    if (Array.isArray(p.Policies)) for (const inline of p.Policies) documents.push([id, resource.Type, inline.PolicyDocument]);
    if (resource.Type === 'AWS::Lambda::Permission') {
      documents.push([id, resource.Type, { Statement: [{ Effect: 'Allow', Action: p.Action, Resource: p.FunctionName, Principal: p.Principal }] }]);
    }
  }
  for (const [holder, type, document] of documents) {
    for (const statement of document.Statement) {
      if (statement.Effect !== 'Allow') continue;
      if (statement.NotAction || statement.NotResource) throw new Error(`${holder}: NotAction/NotResource in an Allow statement`);
      out.push({
        holder,
        type,
        actions: [statement.Action].flat().map(render),
        resources: [statement.Resource ?? '*'].flat().map(render),
        ...(statement.Principal ? { principal: render(statement.Principal) } : {}),
      });
    }
  }
  return out;
}

/** A wildcard that needs a reason: `*` anywhere in a resource, or an action that is `*` or ends in `*`. */
export interface Wildcard {
  holder: string;
  action: string;
  resource: string;
}

export function wildcards(statements: readonly RenderedStatement[]): Wildcard[] {
  const found: Wildcard[] = [];
  for (const statement of statements) {
    for (const action of statement.actions) {
      for (const resource of statement.resources) {
        if (action.includes('*') || resource.includes('*')) found.push({ holder: statement.holder, action, resource });
      }
    }
  }
  return found;
}
