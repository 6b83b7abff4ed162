import type { EventDefinition } from './envelope';

/**
 * The event catalogue: every detail-type motcua emits, each with its versioned zod schema.
 * Producers and rules import the constants from here, never a string of their own.
 */
export const events = {} as const satisfies Record<string, EventDefinition>;

export const allEvents: readonly EventDefinition[] = Object.values(events);
