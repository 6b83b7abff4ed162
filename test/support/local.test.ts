import { useLocalWorld } from './local';

/** The fixture the suites share: what it says when a file reads what is not started, or not asked for. */
const world = useLocalWorld();
const readWhileLoading = (() => {
  try {
    return world.gateway.url;
  } catch (error) {
    return error as Error;
  }
})();

describe('useLocalWorld', () => {
  it('says to use the gateway inside a test or a hook when a file reads it while it loads', () => {
    expect(readWhileLoading).toBeInstanceOf(Error);
    expect((readWhileLoading as Error).message).toMatch(/starts in beforeAll; use it inside a test or a hook/);
  });

  it('hands tests the started gateway, its population simulator as it is, and says which option starts the event pipeline when none was asked for', async () => {
    expect(world.gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await world.gateway.request('GET', '/health')).status).toBe(200);
    expect(world.gateway.population.citizens).toBeInstanceOf(Map); // a handler with its state on it, handed over as it is
    expect(() => world.events.bus).toThrow(/asked for no event pipeline \(events: true starts one\)/);
  });
});
