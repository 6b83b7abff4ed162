import type { Contract } from '../shared/http/contract';
import * as system from '../shared/contracts/system';

/**
 * The route table, declared once: CDK makes one function and one HTTP API route per entry
 * (infra/stacks/api.ts), the local gateway serves the same entries (infra/local/gateway.ts), and
 * the OpenAPI document is generated from them (shared/http/openapi.ts).
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Least privilege, read as a sentence: what the route's function may touch, nothing more. */
export interface Uses {
  /** Main table: `read` (GetItem, Query) or `write` (read + PutItem, UpdateItem, DeleteItem, TransactWriteItems). */
  table?: 'read' | 'write';
  /** Outbox table: `write` for functions whose transactions emit events. */
  outbox?: 'write';
  attachments?: 'read' | 'write';
  documents?: 'read' | 'write';
  /** Names of secrets (infra/stacks/secrets) the function reads at cold start. */
  secrets?: readonly string[];
}

export interface Route {
  method: Method;
  /** API Gateway path template, e.g. `/dossiers/{id}`. */
  path: string;
  /** Handler module, relative to the project root; it exports `handler`. */
  handler: string;
  contract: Contract;
  uses: Uses;
}

export const routes: readonly Route[] = [
  { method: 'GET', path: '/health', handler: 'functions/system/health.ts', contract: system.getHealth, uses: { table: 'read', attachments: 'read', documents: 'read' } },
  { method: 'GET', path: '/openapi.json', handler: 'functions/system/openapi.ts', contract: system.getOpenApi, uses: {} },
  // -- catalogue (levels 1 and 2) --
  // -- end catalogue --
  // -- citizen dossiers (level 3) --
  // -- end citizen dossiers --
  // -- agency processing --
  // -- end agency processing --
  // -- payments and results (level 4) --
  // -- end payments and results --
];

export const routeKey = (route: Pick<Route, 'method' | 'path'>) => `${route.method} ${route.path}`;
