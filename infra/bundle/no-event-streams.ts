/**
 * Bundled in place of `@smithy/core/event-streams` (infra/bundle/options.ts). Only S3's
 * SelectObjectContent (and other streaming APIs motcua never calls) use event streams; the S3
 * client still wires the serde into its config. Anything that reaches it fails loudly.
 */
const unavailable = (): never => {
  throw new Error('event streams are not bundled into motcua functions (infra/bundle/options.ts)');
};

export const resolveEventStreamSerdeConfig = <T>(input: T): T => input;
export const eventStreamSerdeProvider = () => ({ serialize: unavailable, deserialize: unavailable });
export class EventStreamSerde {
  constructor() {
    unavailable();
  }
}
