// The CLI's `promote` and `teardown` commands over the same core as the sub-actions.
import { resolve } from 'node:path';
import { parseOlderThan } from './config/duration.js';
import { splitList } from './config/input.js';
import { findRoot, loadConfig } from './config/load.js';
import { repositoryIdentity } from './environment/project.js';
import { ExitCode, RefusalError, errorMessage, exitCodeOf } from './errors.js';
import { headSha } from './git.js';
import { lookupFromEnv } from './github/client.js';
import { runOf } from './github/context.js';
import type { Logger } from './log.js';
import { promote, type PromotionResult } from './pipeline/promote.js';
import { teardown } from './pipeline/teardown.js';
import { credentialOptions } from './record/access.js';
import { promoteTarget } from './record/target.js';

export interface PromoteFlags {
  configFile: string;
  sha?: string;
  event?: string;
  tags?: string;
  json: boolean;
}

/** What `--json` prints: the outcome, the outputs and the promotion record. */
export function promotionJson(result: PromotionResult): Record<string, unknown> {
  return {
    promoted: true,
    digest: result.digest,
    'image-ref': result.imageRef,
    'promoted-tags': result.tags,
    'source-sha': result.sourceSha,
    pr: result.pr,
    moved: result.moved,
    record: result.record,
    ...(result.recordDigest ? { 'record-digest': result.recordDigest } : {}),
    ...(result.recordPath ? { 'record-path': result.recordPath } : {}),
    'duration-ms': result.durationMs,
  };
}

export async function promoteCommand(flags: PromoteFlags, logger: Logger): Promise<number> {
  const env = process.env;
  try {
    const config = await loadConfig(flags.configFile);
    const target = await promoteTarget(env, {
      ...(flags.sha !== undefined ? { sha: flags.sha } : {}),
      ...(flags.event !== undefined ? { eventPath: resolve(flags.event) } : {}),
      headSha: (await headSha(config.root)) ?? undefined,
    });
    const token = env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
    const github = lookupFromEnv(env, target, token, logger);
    const run = runOf(env, env.GITHUB_REPOSITORY);
    const tags = splitList(flags.tags);
    const result = await promote({
      config,
      target,
      ...(tags.length ? { tags } : {}),
      logger,
      registry: { credentials: credentialOptions({ actor: env.GITHUB_ACTOR, token }) },
      ...(github ? { github } : {}),
      ...(run ? { run } : {}),
    });
    if (flags.json) process.stdout.write(`${JSON.stringify(promotionJson(result), null, 2)}\n`);
    logger.info(`digest: ${result.digest}`);
    logger.info(`image-ref: ${result.imageRef}`);
    logger.info(`promoted-tags: ${result.tags.join(',')}`);
    logger.info(`source-sha: ${result.sourceSha}${result.pr !== null ? ` (PR #${result.pr})` : ''}`);
    logger.info(`took ${result.durationMs} ms`);
    if (result.recordError) {
      logger.error(result.recordError.message);
      return ExitCode.Infrastructure;
    }
    return ExitCode.Ok;
  } catch (error) {
    if (flags.json && error instanceof RefusalError)
      process.stdout.write(
        `${JSON.stringify({ promoted: false, reason: error.reason, message: error.message }, null, 2)}\n`,
      );
    logger.error(`${error instanceof RefusalError ? 'promotion refused: ' : ''}${errorMessage(error)}`);
    return exitCodeOf(error);
  }
}

export interface TeardownFlags {
  configFile: string;
  pr?: number;
  all: boolean;
  olderThan?: string;
  json: boolean;
}

export async function teardownCommand(flags: TeardownFlags, logger: Logger): Promise<number> {
  try {
    const olderThanMs = parseOlderThan(flags.olderThan);
    // The config file itself is not needed: its location gives the repository root.
    const root = await findRoot(resolve(flags.configFile));
    const repository = repositoryIdentity(process.env.GITHUB_REPOSITORY, root);
    const result = await teardown({
      repository,
      ...(flags.pr !== undefined ? { pr: flags.pr } : {}),
      all: flags.all,
      ...(olderThanMs !== undefined ? { olderThanMs } : {}),
      logger,
    });
    if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    logger.info(`removed: ${result.removed.length}`);
    return ExitCode.Ok;
  } catch (error) {
    logger.error(errorMessage(error));
    return exitCodeOf(error);
  }
}
