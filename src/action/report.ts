// The `report` sub-action (issue 16): on workflow_run of the QA workflow, publishes the results an
// unprivileged run (a fork's or Dependabot's PR) left as an artifact. A report it refuses fails the
// step with what was wrong, and nothing of it is posted; a run that reported itself is no error.
import * as core from '@actions/core';
import { errorMessage } from '../model/errors.js';
import { apiUrlOf, readEvent } from '../github/event.js';
import { createOctokit } from '../github/octokit.js';
import { finishedRun } from '../github/workflow-run.js';
import { report } from '../pipeline/report.js';
import { getReportInputs } from './inputs.js';
import { actionsLogger } from './log.js';

export async function runReport(): Promise<void> {
  try {
    const inputs = getReportInputs();
    const run = finishedRun(await readEvent(process.env.GITHUB_EVENT_PATH), process.env.GITHUB_EVENT_NAME);
    const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
    if (!owner || !repo || !inputs['github-token'])
      throw new Error('the report action needs GITHUB_REPOSITORY and a github-token');
    const outcome = await report({
      target: {
        octokit: createOctokit({
          token: inputs['github-token'],
          baseUrl: apiUrlOf(process.env),
          logger: actionsLogger,
        }),
        owner,
        repo,
      },
      run,
      comment: inputs.comment,
      logger: actionsLogger,
    });
    core.setOutput('published', String(outcome.published));
    if (outcome.published) {
      core.setOutput('pr', String(outcome.pr));
      core.setOutput('verdict', outcome.verdict);
    } else core.info(`immutable-qa report: nothing to publish: ${outcome.reason}`);
  } catch (error) {
    core.setOutput('published', 'false');
    core.setFailed(`immutable-qa report: ${errorMessage(error)}`);
  }
}
