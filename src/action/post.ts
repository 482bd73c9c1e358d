// The post step (post-if: always()): after a failure, crash or cancellation it completes open
// check runs, removes the run's private Docker config and private directory (a killed main step
// leaves them) and tears the environment down. It trusts
// the saved state only as a hint: what it removes is what the engine shows under the project's
// label, and keep-environment comes from the input, not from state. Best effort: it never fails the job.
import * as core from '@actions/core';
import { state, type PostState } from './state.js';
import { onEngine } from '../exec/engine.js';
import { booleanInput } from './inputs.js';
import { removePrivateDockerConfig } from './docker-config.js';
import { leftovers, removeByLabel } from '../environment/compose.js';
import { releaseClaims } from '../environment/claim.js';
import { removeStack } from '../environment/swarm.js';
import { RUN_ID } from '../environment/project.js';
import { findRunDirs, removeRunDirs } from '../environment/run-dir.js';
import { errorMessage } from '../model/errors.js';
import { cancelPending } from '../github/check-runs.js';
import { githubTarget } from '../github/client.js';
import { runContext } from '../github/event.js';
import { Permissions } from '../github/target.js';
import { actionsLogger } from './log.js';

/** A compose project name as environment/project.ts makes them. */
const PROJECT = /^iqa-[a-z0-9-]{1,59}$/;

export async function runPost(): Promise<void> {
  const saved = state.read();
  // The engine the main step's environment ran on; only an address docker takes (the config's schema).
  const engine =
    saved.engine && /^(tcp|ssh|unix):\/\/\S+$/.test(saved.engine) ? { host: saved.engine } : undefined;
  await onEngine(engine, () => postOnEngine(saved));
}

async function postOnEngine(saved: PostState): Promise<void> {
  const { project, run, dockerConfig, pendingCheckRuns } = saved;
  if (Object.keys(pendingCheckRuns).length) {
    // No check run may stay in_progress after a failure or cancellation.
    try {
      const context = await runContext(process.env, {});
      const target = githubTarget(core.getInput('github-token'), context, actionsLogger);
      if (target)
        core.info(
          `cancelled ${await cancelPending(target, new Permissions(actionsLogger), pendingCheckRuns)} open check run(s)`,
        );
    } catch (error) {
      core.warning(`could not cancel open check runs: ${errorMessage(error)}`);
    }
  }
  if (dockerConfig)
    await removePrivateDockerConfig(dockerConfig).catch((e: unknown) =>
      core.warning(`could not remove the private Docker config: ${errorMessage(e)}`),
    );
  // A main step that was killed (not torn down by itself) left its run's private directory here.
  if (run && RUN_ID.test(run)) {
    const dirs = await removeRunDirs((await findRunDirs(run)).map((dir) => ({ run, dir })));
    for (const d of dirs.removed) core.info(`removed the private directory ${d} of run ${run}`);
    for (const k of dirs.kept) core.warning(`kept ${k.dir}: ${k.reason}`);
  }
  let keep = false;
  try {
    keep = booleanInput('keep-environment', false);
  } catch {
    // main already reported the bad input; tear down
  }
  if (!project || keep || !PROJECT.test(project)) {
    core.debug(`post: no environment to tear down (project=${project ?? '-'}, keep=${keep})`);
    return;
  }
  await core.group(`Teardown ${project}`, async () => {
    try {
      // Only this run's resources: a newer run for the same PR may already own the project.
      const own = run && RUN_ID.test(run) ? run : undefined;
      if (own) await releaseClaims([own]);
      // A swarm stack (backend swarm, on a manager): removed, and waited for on every node.
      if (await removeStack(project, own ? { run: own } : {})) core.info(`removed the stack ${project}`);
      const left = await leftovers(project);
      if (left.containers + left.networks + left.volumes === 0) {
        core.info(`nothing of ${project} is left`);
        return;
      }
      await removeByLabel(project, own ? { run: own } : {});
      core.info(
        `removed what was left of ${project}${own ? ` by run ${own}` : ''} (${left.containers} container(s), ${left.networks} network(s), ${left.volumes} volume(s) under its label)`,
      );
    } catch (error) {
      core.warning(`teardown of ${project} failed: ${errorMessage(error)}`);
    }
  });
}
