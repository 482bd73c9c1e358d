// The `teardown` sub-action: removes a PR's environment (on `pull_request` `closed`), every
// environment of the repository (`all`), or the stale ones (`older-than`); with `images`, also the
// local convenience tags QA runs left (as `teardown --images`). Output: `removed`.
import * as core from '@actions/core';
import { resolve } from 'node:path';
import { getTeardownInputs } from './inputs.js';
import { isFile } from '../config/discover.js';
import { findRoot, loadConfig } from '../config/load.js';
import { repositoryIdentity } from '../environment/project.js';
import { errorMessage, UsageError } from '../model/errors.js';
import { apiUrlOf, readEvent } from '../github/event.js';
import { deactivateDeployments, environmentName } from '../github/deployment.js';
import { createOctokit } from '../github/octokit.js';
import { Permissions } from '../github/target.js';
import { actionsLogger } from './log.js';
import { teardown } from '../pipeline/teardown.js';
import { configuredEngine } from '../pipeline/config.js';
import { removeConvenienceTags } from '../pipeline/teardown-images.js';

export async function runTeardown(): Promise<void> {
  try {
    const inputs = getTeardownInputs();
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const olderThanMs = inputs['older-than'];
    let pr = inputs.pr;
    if (pr === undefined && !inputs.all && olderThanMs === undefined) {
      const number = (await readEvent(process.env.GITHUB_EVENT_PATH)).pull_request?.number;
      pr = typeof number === 'number' ? number : undefined;
    }
    const configFile = resolve(workspace, inputs.config);
    // images needs image.repository: read first, so a missing or bad config removes nothing.
    const images = inputs.images ? await imageRepository(configFile, workspace) : undefined;
    const root = await findRoot(configFile);
    const engine = (await isFile(configFile))
      ? await configuredEngine(configFile, actionsLogger, workspace)
      : undefined;
    const result = await teardown({
      repository: repositoryIdentity(process.env.GITHUB_REPOSITORY, root),
      ...(engine ? { engine } : {}),
      ...(pr !== undefined ? { pr } : {}),
      all: inputs.all,
      ...(olderThanMs !== undefined ? { olderThanMs } : {}),
      logger: actionsLogger,
    });
    core.setOutput('removed', String(result.removed.length));
    await deactivate(
      inputs['github-token'],
      result.removed.map((e) => e.pr).filter((n): n is number => n !== null),
    );
    if (images !== undefined) {
      if (pr === undefined && !inputs.all)
        core.info(
          'images: older-than alone removes no local tag; the tags go with a pull request (pr-<n>) or with all (every pr-*/sha-*)',
        );
      const tags = await removeConvenienceTags(
        images,
        { ...(pr !== undefined ? { pr } : {}), all: inputs.all },
        actionsLogger,
      );
      core.info(`local tags removed: ${tags.length}`);
    }
  } catch (error) {
    core.setFailed(errorMessage(error));
  }
}

/** image.repository of the config, whose local pr-<n> / sha-<sha12> tags `images` removes. */
async function imageRepository(configFile: string, workspace: string): Promise<string> {
  if (!(await isFile(configFile)))
    throw new UsageError(
      `images: true reads image.repository from ${configFile}, which does not exist: check out the repository before this step (actions/checkout), or point the config input at the file`,
    );
  return (await loadConfig(configFile, { cwd: workspace })).image.repository;
}

/** The PR's GitHub Deployment (created with keep-environment) no longer points anywhere: mark it inactive. */
async function deactivate(token: string, prs: number[]): Promise<void> {
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
  if (!token || !owner || !repo || prs.length === 0) return;
  const octokit = createOctokit({ token, baseUrl: apiUrlOf(process.env), logger: actionsLogger });
  const permissions = new Permissions(actionsLogger);
  for (const pr of new Set(prs)) {
    const count = await deactivateDeployments({ octokit, owner, repo }, permissions, pr);
    if (count) core.info(`marked ${count} deployment(s) of ${environmentName(pr)} inactive`);
  }
}
