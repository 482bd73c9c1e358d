// The post step (post-if: always()): tears the environment down again after a failure or
// cancellation. Best effort: it never fails the job.
import * as core from '@actions/core';
import { state } from './state.js';
import { removeByLabel } from '../environment/compose.js';
import { errorMessage } from '../model/errors.js';
import { cancelPending } from '../github/check-runs.js';
import { githubTarget } from '../github/client.js';
import { runContext } from '../github/event.js';
import { Permissions } from '../github/target.js';
import { actionsLogger } from './log.js';

export async function runPost(): Promise<void> {
  const { project, keep, done, pendingCheckRuns } = state.read();
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
  if (!project || keep || done) {
    core.debug(`post: nothing to do (project=${project ?? '-'}, keep=${keep}, done=${done})`);
    return;
  }
  await core.group(`Teardown ${project}`, async () => {
    try {
      await removeByLabel(project);
      core.info(`removed the environment ${project}`);
    } catch (error) {
      core.warning(`teardown of ${project} failed: ${errorMessage(error)}`);
    }
  });
}
