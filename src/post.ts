// The post step (post-if: always()): tears the environment down again after a failure or
// cancellation. Best effort: it never fails the job.
import * as core from '@actions/core';
import { state } from './action/state.js';
import { removeByLabel } from './environment/compose.js';
import { errorMessage } from './errors.js';

export async function runPost(): Promise<void> {
  const { project, keep, done } = state.read();
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
