/** Stops the emulators that global-setup started: no java left behind. */
export default async function globalTeardown() {
  const emulators = (globalThis as { __motcuaEmulators?: { dynamoDb: { stop(): Promise<void> }; s3: { stop(): Promise<void> } } }).__motcuaEmulators;
  await Promise.all([emulators?.dynamoDb.stop(), emulators?.s3.stop()]);
}
