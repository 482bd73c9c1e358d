// A virtual clock for in-process tests of the GitHub code: Octokit's throttling spaces writes 1 s
// apart (3 s for comments) and rate limits ask for waits of their own. Under `useVirtualClock()`
// those timers are fake and `settle(work)` runs them on while the HTTP exchanges with the test
// server stay real, so a scenario takes milliseconds and still waits exactly as Octokit decides.
import { jest } from '@jest/globals';

/** Fake timers and Date for each test of the calling file (real I/O callbacks keep running). */
export function useVirtualClock(): void {
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  });
  afterEach(() => {
    jest.useRealTimers();
  });
}

/**
 * Awaits `work` while the virtual clock runs: each turn lets real I/O (the test server, the sockets)
 * progress, then moves the fake timers 50 ms on.
 */
export async function settle<T>(work: Promise<T>): Promise<T> {
  let done = false;
  const watched = work.finally(() => {
    done = true;
  });
  while (!done) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    await jest.advanceTimersByTimeAsync(50);
  }
  return watched;
}
