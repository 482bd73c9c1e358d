// Typed main → post state (core.saveState/getState), so the post step can clean up after a failure.
// The post step treats it as a hint, not a fact: it verifies what is on the engine and on disk.
import * as core from '@actions/core';

export interface PostState {
  project?: string;
  /** The run's id (environment/project.ts runId): the post step removes only this run's resources. */
  run?: string;
  /** environment.engine.host when the environment runs on another engine than the runner's. */
  engine?: string;
  /** The private Docker config of the run (action/docker-config.ts): the post step removes it. */
  dockerConfig?: string;
  /** Check runs created but not completed yet: the post step cancels them. */
  pendingCheckRuns: Record<string, number>;
}

export const state = {
  setProject: (project: string): void => core.saveState('project', project),
  setRun: (run: string): void => core.saveState('run', run),
  setEngine: (host: string): void => core.saveState('engine', host),
  setDockerConfig: (dir: string): void => core.saveState('docker-config', dir),
  setPendingCheckRuns: (pending: Record<string, number>): void =>
    core.saveState('check-runs', JSON.stringify(pending)),
  read: (): PostState => ({
    project: core.getState('project') || undefined,
    run: core.getState('run') || undefined,
    engine: core.getState('engine') || undefined,
    dockerConfig: core.getState('docker-config') || undefined,
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
