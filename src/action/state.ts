// Typed main → post state (core.saveState/getState), so the post step can clean up after a failure.
import * as core from '@actions/core';

export interface PostState {
  project?: string;
  keep: boolean;
  /** Set when main ran to its own teardown: the post step has nothing left to do. */
  done: boolean;
  /** Check runs created but not completed yet: the post step cancels them. */
  pendingCheckRuns: Record<string, number>;
}

export const state = {
  setProject: (project: string): void => core.saveState('project', project),
  setKeep: (keep: boolean): void => core.saveState('keep', String(keep)),
  setDone: (): void => core.saveState('done', 'true'),
  setPendingCheckRuns: (pending: Record<string, number>): void =>
    core.saveState('check-runs', JSON.stringify(pending)),
  read: (): PostState => ({
    project: core.getState('project') || undefined,
    keep: core.getState('keep') === 'true',
    done: core.getState('done') === 'true',
    pendingCheckRuns: parsePending(core.getState('check-runs')),
  }),
};

function parsePending(raw: string): Record<string, number> {
  try {
    const value = JSON.parse(raw || '{}') as unknown;
    if (!value || typeof value !== 'object') return {};
    return Object.fromEntries(
      Object.entries(value).filter((e): e is [string, number] => typeof e[1] === 'number'),
    );
  } catch {
    return {};
  }
}
