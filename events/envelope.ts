import * as z from 'zod';
import { onFirstUse } from '../shared/domain/on-first-use';

/** Every motcua event: `source: "motcua"`, detail `{ metadata, data }`. */
export const EVENT_SOURCE = 'motcua';

export const EventMetadata = z.object({
  eventId: z.uuid(),
  occurredAt: z.iso.datetime(),
  version: z.number().int().positive(),
  correlationId: z.string().optional(),
});
export type EventMetadata = z.infer<typeof EventMetadata>;

/** One event kind: its detail-type, version and the schema of its `data`. */
export interface EventDefinition<D extends z.ZodType = z.ZodType> {
  detailType: string;
  version: number;
  data: D;
  /** detail = { metadata, data }, validated by producers before the outbox write and by consumers. */
  detail: z.ZodType<{ metadata: EventMetadata; data: z.output<D> }>;
}

/**
 * `data` is a thunk: a schema is built when an event of its kind is first written or read, not at
 * import, where every producer's cold start built the whole catalogue's (issue 19).
 */
export function defineEvent<const T extends string, D extends z.ZodType>(detailType: T, version: number, data: () => D) {
  const built = onFirstUse(data);
  const detail = onFirstUse(() => z.object({ metadata: EventMetadata, data: built() }));
  return {
    detailType,
    version,
    get data() {
      return built();
    },
    get detail() {
      return detail();
    },
  } as unknown as EventDefinition<D> & { detailType: T };
}

export type EventDetail<E extends EventDefinition> = { metadata: EventMetadata; data: z.output<E['data']> };
