// Integration tier: real dockerd, registry, buildx/compose and the bundle. One worker: 2 cores, one engine.
import unit from './jest.config.js';

export default {
  ...unit,
  testMatch: ['<rootDir>/__tests__/**/*.itg.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/__tests__/support/global-setup.ts',
  globalTeardown: '<rootDir>/__tests__/support/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 180_000,
  // A test that fails halfway may leave a socket open; CI must end, not hang. (A full run with
  // --detectOpenHandles reports none when the tests pass.)
  forceExit: true,
};
