// `promote`: find the digest that was tested for the commit being promoted, prove it (record,
// verdict, subject, sha, clean tree, same tree), and only then point each target tag at it by
// copying the manifest bytes (no layer moves), verify every tag, and record the promotion.
// Nothing is tagged before every precondition holds; a failure while tagging restores the tags
// that already moved.
import type { Config } from '../config/schema.js';
import { errorMessage, InfrastructureError, RefusalError, UsageError } from '../model/errors.js';
import { treeOf } from '../exec/git.js';
import type { Logger } from '../model/log.js';
import { isValidTag } from '../registry/reference.js';
import type { RegistryAccess } from '../store/access.js';
import type { FoundRecord } from '../store/artifact.js';
import type { ImageStore } from '../store/image-store.js';
import { imageStore } from '../store/store.js';
import { testedTag, type PromotionRecord } from '../model/record.js';
import { choosePull, type CommitLookup } from '../github/commits.js';
import type { PromoteTarget, PullRequestRef } from '../model/run-context.js';
import { loadTrust, openRecords } from '../record/trust.js';
import { verifyPromotion } from '../record/verify.js';
import { VERSION } from '../model/version.js';

export interface PromoteOptions {
  config: Config;
  target: PromoteTarget;
  /** --tags / the `tags` input: replaces promote.tags. `{sha}` and `{sha7}` expand. */
  tags?: string[];
  logger: Logger;
  /** Where the tested digest lives; default: imageStore(config, registry), built here once. */
  store?: ImageStore;
  /** Registry credentials/hooks for the default store. */
  registry?: RegistryAccess;
  /** commits→pulls and commit trees from the GitHub API; without it only the payload and git are used. */
  github?: CommitLookup;
  run?: { id: string; attempt: number; url: string };
  now?: () => Date;
}

export type { PromotionRecord } from '../model/record.js';

export interface PromotionResult {
  repository: string;
  digest: string;
  /** repository@digest: what a deploy job runs. */
  imageRef: string;
  tags: string[];
  /** Tags that pointed elsewhere (or nowhere) before. */
  moved: string[];
  /** The commit whose QA run was promoted. */
  sourceSha: string;
  pr: number | null;
  promotedSha: string;
  record: PromotionRecord;
  /** Registry mode: the promotion record artifact. */
  recordDigest?: string;
  /** Local mode: the promotion record file. */
  recordPath?: string;
  /** Set when the tags moved but the promotion record could not be written (exit 3). */
  recordError?: Error;
  durationMs: number;
}

const RESERVED = [/^qa-/, /^sha256-/];

/** promote.tags with `{sha}` / `{sha7}` expanded; invalid or reserved tags are a UsageError (exit 2). */
export function expandTags(templates: readonly string[], sha: string): string[] {
  const tags: string[] = [];
  for (const template of templates) {
    const tag = template
      .trim()
      .replace(/\{(sha7|sha)\}/g, (_, name: string) => (name === 'sha7' ? sha.slice(0, 7) : sha));
    const unknown = /\{[^}]*\}/.exec(tag);
    if (unknown)
      throw new UsageError(
        `promote tag "${template}": unknown placeholder ${unknown[0]} (only {sha} and {sha7} expand)`,
      );
    if (!isValidTag(tag))
      throw new UsageError(
        `promote tag "${template}" gives "${tag}", which is not a valid tag ([A-Za-z0-9_.-], at most 128, not starting with . or -)`,
      );
    if (RESERVED.some((r) => r.test(tag)))
      throw new UsageError(
        `promote tag "${tag}" uses a reserved prefix (qa-, sha256-): those tags belong to QA records; choose another name`,
      );
    if (!tags.includes(tag)) tags.push(tag);
  }
  if (tags.length === 0) throw new UsageError('no tags to promote to: set promote.tags or pass --tags');
  return tags;
}

export async function promote(options: PromoteOptions): Promise<PromotionResult> {
  const started = Date.now();
  const { config, target, logger } = options;
  const now = options.now ?? (() => new Date());
  const policy = config.promote.policy;
  const tags = expandTags(options.tags?.length ? options.tags : config.promote.tags, target.sha);
  // Who may vouch for a digest, read before anything is looked up: bad trust config is exit 2.
  const trust = await loadTrust(config);
  const store = options.store ?? imageStore(config, options.registry, logger);
  const repository = config.image.repository;

  // 1. The tested digest: qa-<sha> of the promoted commit itself, else of its PR's head.
  let testedSha = target.sha;
  let resolvedBy: PromotionRecord['source']['resolved_by'] = 'tag';
  let pr: PullRequestRef | undefined;
  let digest = await store.resolve(testedTag(target.sha));
  if (!digest) {
    pr = target.pr?.merged ? target.pr : undefined;
    let looked = target.pr
      ? `the event's PR #${target.pr.number} is not merged`
      : target.eventGaps
        ? `the event's pull_request lacks ${target.eventGaps.join(', ')}`
        : 'the event names no PR';
    if (!pr && options.github) {
      const pulls = await options.github.pullsForCommit(target.sha);
      pr = choosePull(pulls, target.sha);
      looked = pulls.length
        ? `GitHub lists PR(s) ${pulls.map((p) => `#${p.number}${p.merged ? '' : ' (not merged)'}`).join(', ')} for it, none merged`
        : 'GitHub lists no pull request for it';
    } else if (!pr) looked += ' and no GitHub token/repository is available to ask which PR it came from';
    if (!pr)
      throw new RefusalError(
        `${target.sha} was never tested: ${repository} has no tag ${testedTag(target.sha)}, and ${looked}. ` +
          'Only a digest whose QA passed on this commit, or on the head of the pull request it merged, can be promoted: ' +
          'run QA on the pull request (or on this commit) and promote after it passes.',
        'no-record',
      );
    testedSha = pr.headSha;
    resolvedBy = 'pull-request';
    digest = await store.resolve(testedTag(testedSha));
    if (!digest)
      throw new RefusalError(
        `${target.sha} came from PR #${pr.number} (${{ event: 'event payload', api: 'GitHub API', git: "--pr and the merge commit's second parent" }[pr.source]}), but its head ${testedSha} was never tested: ` +
          (pr.fromFork
            ? `it came from a fork, so its QA ran unprivileged (a read-only token): nothing was pushed or recorded for it. ` +
              'Merge pull requests from forks through the merge queue (on: merge_group): QA then runs on the queue commit in this repository, with its token, and the push of that very commit is promoted.'
            : `${repository} has no tag ${testedTag(testedSha)} (QA failed, did not finish, or ran on a dirty tree). ` +
              'Run QA on the pull request until it passes, then merge and promote again.'),
        'no-record',
      );
  }
  logger.info(
    `tested digest: ${repository}:${testedTag(testedSha)} → ${digest}${pr ? ` (PR #${pr.number} head)` : ''}`,
  );

  // 2. The evidence, then the verdict on it: nothing is tagged unless every precondition holds.
  const records = openRecords(await store.records(digest, testedSha), trust, digest, testedSha);
  let promotedTree: string | undefined;
  const treeSources: string[] = [];
  if (policy === 'same-tree') {
    promotedTree = (await treeOf(config.root, target.sha)) ?? undefined;
    treeSources.push(`the checkout ${config.root}`);
    if (!promotedTree && options.github) {
      promotedTree = await options.github.treeOf(target.sha);
      treeSources.push('the GitHub API');
    }
  }
  const found: FoundRecord = verifyPromotion({
    image: repository,
    promotedSha: target.sha,
    testedSha,
    digest,
    ...(pr ? { pr: pr.number } : {}),
    records,
    policy,
    ...(promotedTree ? { promotedTree } : {}),
    treeSources: treeSources.join(' and '),
  });
  const prNumber = pr?.number ?? found.record.source.pr;
  logger.info(
    `verified: QA passed for ${testedSha} on ${digest}${policy === 'same-tree' ? `, tree ${promotedTree ?? ''} unchanged` : ' (policy pr-head)'}` +
      (found.signer ? `, signed by ${found.signer}` : ''),
  );
  if (!found.signer)
    logger.warning(
      `the QA verdict for ${testedSha} on ${digest} is UNSIGNED (record.signing: none): anyone who can push to ${repository} could have written it. ` +
        'Sign verdicts (record.signing: keyless or key, with promote.trust) so that only your QA workflow can vouch for a digest.',
    );

  // 3. Read everything the tagging needs, and where each tag points now.
  await store.prepare(digest);
  const previous: Record<string, string | undefined> = {};
  for (const tag of tags) previous[tag] = await store.resolve(tag);
  const moved = tags.filter((t) => previous[t] !== digest);

  // 4. Tag; on failure put back what already moved.
  const done: string[] = [];
  try {
    for (const tag of moved) {
      await store.setTag(tag, digest);
      done.push(tag);
    }
    for (const tag of tags) {
      const resolved = await store.resolve(tag);
      if (resolved !== digest)
        throw new InfrastructureError(
          `${repository}:${tag} resolves to ${resolved ?? 'nothing'} right after tagging ${digest}: something else is writing this tag; re-run the promotion`,
        );
    }
  } catch (error) {
    throw await rollback(error, done, previous, store, repository, digest, logger);
  }
  logger.info(
    `promoted ${repository}@${digest} to ${tags.join(', ')}${moved.length < tags.length ? ` (already there: ${tags.filter((t) => !moved.includes(t)).join(', ')})` : ''}`,
  );

  // 5. The promotion record.
  const record: PromotionRecord = {
    schema: 1,
    kind: 'promotion',
    image: { repository, digest },
    tags,
    previous: Object.fromEntries(tags.map((t) => [t, previous[t] ?? null])),
    promoted: {
      sha: target.sha,
      tree: promotedTree ?? null,
      ref: target.ref ?? null,
      event: target.eventName,
    },
    source: {
      sha: testedSha,
      pr: prNumber,
      tree: found.record.source.tree,
      checkout_sha: found.record.source.checkout_sha,
      qa_record: store.citation(found),
      qa_signer: found.signer ?? null,
      resolved_by: resolvedBy,
    },
    policy,
    run: options.run ?? null,
    tool: { name: 'immutable-qa', version: VERSION },
    promoted_at: now().toISOString(),
  };
  const result: PromotionResult = {
    repository,
    digest,
    imageRef: `${repository}@${digest}`,
    tags,
    moved,
    sourceSha: testedSha,
    pr: prNumber,
    promotedSha: target.sha,
    record,
    durationMs: 0,
  };
  try {
    const written = await store.writePromotionRecord(record);
    if (written.digest) result.recordDigest = written.digest;
    if (written.path) result.recordPath = written.path;
  } catch (error) {
    result.recordError = new InfrastructureError(
      `the tags are promoted, but the promotion record could not be written: ${errorMessage(error)}. Re-run the promotion (it is idempotent) to write it`,
    );
    logger.error(result.recordError.message);
  }
  result.durationMs = Date.now() - started;
  return result;
}

async function rollback(
  error: unknown,
  done: string[],
  previous: Record<string, string | undefined>,
  store: ImageStore,
  repository: string,
  digest: string,
  logger: Logger,
): Promise<Error> {
  const restored: string[] = [];
  const stuck: string[] = [];
  for (const tag of [...done].reverse()) {
    try {
      if (await store.restore(tag, previous[tag])) restored.push(tag);
      else stuck.push(`${tag} (new tag: the registry API cannot remove it)`);
    } catch (restoreError) {
      stuck.push(`${tag} (${errorMessage(restoreError)})`);
    }
  }
  const state =
    done.length === 0
      ? 'no tag was changed'
      : stuck.length === 0
        ? `the tags already moved were restored (${restored.join(', ')})`
        : `these tags still point to ${digest}: ${stuck.join('; ')}${restored.length ? `; restored: ${restored.join(', ')}` : ''}`;
  const message = `promotion of ${repository}@${digest} failed: ${errorMessage(error)}. ${state}. Re-run the promotion when the registry answers (it is idempotent).`;
  logger.error(message);
  if (error instanceof RefusalError || error instanceof UsageError) return error;
  return new InfrastructureError(message);
}
