import * as z from 'zod';

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

export function defineEvent<const T extends string, D extends z.ZodType>(detailType: T, version: number, data: D) {
  return { detailType, version, data, detail: z.object({ metadata: EventMetadata, data }) } as unknown as EventDefinition<D> & { detailType: T };
}

export type EventDetail<E extends EventDefinition> = { metadata: EventMetadata; data: z.output<E['data']> };
