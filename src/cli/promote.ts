// `immutable-qa promote`: the same core as the promote sub-action.
import { resolve } from 'node:path';
import { splitList } from '../config/input.js';
import { loadConfig } from '../config/load.js';
import { ExitCode, RefusalError, UsageError, errorMessage, exitCodeOf } from '../model/errors.js';
import { headSha, secondParent } from '../exec/git.js';
import { lookupFromEnv } from '../github/client.js';
import { runOf } from '../github/event.js';
import type { Logger } from '../model/log.js';
import { promote, type PromotionResult } from '../pipeline/promote.js';
import { credentialOptions } from '../store/access.js';
import { promoteTarget } from '../github/event.js';

export interface PromoteFlags {
  configFile: string;
  sha?: string;
  event?: string;
  tags?: string;
  /** --pr: the commit is this PR's merge; its head is the merge commit's second parent. */
  pr?: number;
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
    if (flags.pr !== undefined) {
      // Instead of a hand-written webhook payload: the merge commit names the PR head it merged.
      const head = await secondParent(config.root, target.sha);
      if (head)
        target.pr = {
          number: flags.pr,
          headSha: head,
          merged: true,
          mergeCommitSha: target.sha,
          source: 'git',
        };
      else if (!token)
        throw new UsageError(
          `--pr ${flags.pr}: ${target.sha} is not a merge commit in ${config.root} (a squash or rebase merge), so its PR head is not known here: ` +
            'set GITHUB_TOKEN (and GITHUB_REPOSITORY) so promote asks GitHub which PR it came from, or promote the PR head itself with --sha',
        );
    }
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
