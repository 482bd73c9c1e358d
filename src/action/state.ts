// Typed main → post state (core.saveState/getState), so the post step can clean up after a failure.
import * as core from '@actions/core';

export interface PostState {
  project?: string;
  keep: boolean;
  /** Set when main ran to its own teardown: the post step has nothing left to do. */
  done: boolean;
}

export const state = {
  setProject: (project: string): void => core.saveState('project', project),
  setKeep: (keep: boolean): void => core.saveState('keep', String(keep)),
  setDone: (): void => core.saveState('done', 'true'),
  read: (): PostState => ({
    project: core.getState('project') || undefined,
    keep: core.getState('keep') === 'true',
    done: core.getState('done') === 'true',
  }),
};
