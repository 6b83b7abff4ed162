import * as z from 'zod';
import { DossierStatus } from '../domain/dossier-lifecycle';
import { RoutingRule } from '../domain/routing';
import { defineContract } from '../http/contract';
import { DossierId } from './dossiers';

/**
 * Routing: which agency receives a dossier. Admins assign what no agency takes and keep the routing
 * rules that override the default (the agency of the procedure's kind at its tier).
 */

const ADMINS = ['admin'] as const;

const Version = z.number().int().min(1).optional().meta({ description: 'The version the admin saw; a newer one answers 409 CONFLICT.' });

export const listUnroutable = defineContract({
  operationId: 'listUnroutableDossiers',
  summary: 'Submitted dossiers that no agency takes, waiting for an admin',
  tag: 'routing',
  access: ADMINS,
  query: z.object({ cursor: z.string().max(1024).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }),
  response: z.lazy(() =>
    z.object({
      items: z.array(z.object({ dossierId: z.string(), code: z.string().optional(), procedureCode: z.string(), unitId: z.string(), submittedAt: z.string(), reason: z.string() })),
      nextCursor: z.string().optional(),
    }),
  ),
});

export const assign = defineContract({
  operationId: 'assignDossier',
  summary: "Give an unroutable dossier to an agency: it enters that agency's inbox",
  tag: 'routing',
  access: ADMINS,
  idempotent: true,
  params: DossierId,
  body: z.lazy(() => z.object({ agencyId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/), reason: z.string().trim().max(2000).optional(), version: Version }).strict()),
  example: { agencyId: 'ubnd-xa-an-binh', reason: 'Hồ sơ thuộc thẩm quyền Ủy ban nhân dân xã An Bình, nơi cư trú của người nộp.', version: 3 },
  response: z.lazy(() => z.object({ id: z.string(), agencyId: z.string(), status: DossierStatus, version: z.number().int() })),
  errorCodes: ['NOT_FOUND', 'ALREADY_ROUTED', 'UNKNOWN_AGENCY', 'CONFLICT'],
});

export const putRoutingRule = defineContract({
  operationId: 'putRoutingRule',
  summary: 'Store a routing rule: dossiers of a procedure and/or from a unit go to an agency',
  description:
    "The id is the rule's scope, `<procedureCode or *>#<unitId or *>` (URL-encoded: `%23`); storing a rule for a scope replaces it. Rules override the default routing (the agency of the procedure's kind at its tier); the most specific wins.",
  tag: 'routing',
  access: ADMINS,
  params: z.object({ id: z.string().min(3).max(120) }),
  body: RoutingRule,
  example: { procedureCode: '1.001193', unitId: 'xa-an-binh', agencyId: 'ubnd-xa-an-binh' },
  response: z.lazy(() => z.object({ id: z.string(), rule: RoutingRule })),
  errorCodes: ['ROUTING_RULE_ID_MISMATCH', 'UNKNOWN_AGENCY'],
});

export const listRoutingRules = defineContract({
  operationId: 'listRoutingRules',
  summary: 'Every routing rule',
  tag: 'routing',
  access: ADMINS,
  response: z.lazy(() => z.object({ items: z.array(z.object({ id: z.string(), rule: RoutingRule })) })),
});
