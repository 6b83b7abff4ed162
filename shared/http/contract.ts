import type * as z from 'zod';

export type Role = 'citizen' | 'officer' | 'admin';

/**
 * Who may call a route. `public`: anyone, no authorizer. `webhook`: no JWT, the handler checks the
 * sender's signature. A list of roles: the JWT authorizer runs and the caller must hold one of them.
 */
export type Access = 'public' | 'webhook' | readonly Role[];

/**
 * What a route accepts and answers, declared once: the handler validates with it, the route table
 * (infra/routes.ts) pairs it with a path, and the OpenAPI document is generated from it.
 */
export interface Contract {
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: z.ZodType;
  query?: z.ZodType;
  /**
   * Query parameters documented but not validated by the stack: a route that answers its own
   * protocol's errors (VNPay's IPN answers every request 200 with a RspCode, never a 400).
   */
  documentedQuery?: z.ZodType;
  body?: z.ZodType;
  /** A request body the server accepts, for the document (test/system checks it against `body`). */
  example?: unknown;
  /** Success status and body, for the OpenAPI document. */
  status?: number;
  response?: z.ZodType;
  /** Requires an Idempotency-Key header; a retry returns the first answer. */
  idempotent?: boolean;
  /**
   * A page for browsers (e.g. the payment return page) answers HTML, its refusals included; a file
   * (CSV) answers itself on success and problem+json on refusal; others answer JSON and problem+json.
   */
  produces?: 'text/html' | 'text/csv' | 'application/x-ndjson' | 'text/javascript';
  /**
   * The problem codes this route's use case can answer, for the OpenAPI document; the HTTP stack's
   * own (validation, idempotency, role) are added by the generator (errorCodesOf in shared/http/openapi.ts).
   */
  errorCodes?: readonly string[];
  /** Other success statuses that answer the same body, and what each means (e.g. 202: the gateway has not answered yet). */
  otherStatuses?: Readonly<Record<number, string>>;
  /** A 201 whose `Location` header names the created resource, e.g. `/dossiers/{id}`. */
  location?: string;
  /**
   * One route, several operations in the document: one per value of the path parameter `param`,
   * each with its own contract (body, codes), so that generated clients type each one (the
   * officers' actions of POST /agency/dossiers/{id}/{action}).
   */
  variants?: { param: string; contracts: Readonly<Record<string, Contract>> };
}

export function defineContract<const C extends Contract>(contract: C): C {
  return contract;
}

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;
export type BodyOf<C extends Contract> = Infer<C['body']>;
export type QueryOf<C extends Contract> = Infer<C['query']>;
export type ParamsOf<C extends Contract> = Infer<C['params']>;
