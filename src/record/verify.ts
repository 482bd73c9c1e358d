// Promotion's preconditions, as one pure function over what was read: a record for the tested
// commit on the digest qa-<sha> points to, verdict passed, clean tree, and under `same-tree` the
// promoted commit's tree equals the tested tree. Every refusal says what happened and how to fix it.
import { RefusalError } from '../model/errors.js';
import { ANNOTATION, type FoundRecord, type RecordsOnDigest } from '../store/artifact.js';
import { testedTag } from '../model/record.js';

export type Policy = 'same-tree' | 'pr-head';

export interface PromotionEvidence {
  /** The image repository (for messages). */
  image: string;
  /** The commit being promoted. */
  promotedSha: string;
  /** The commit whose QA run is promoted (promotedSha itself, or the PR head). */
  testedSha: string;
  /** What qa-<testedSha> resolves to. */
  digest: string;
  pr?: number;
  records: RecordsOnDigest;
  policy: Policy;
  /** Tree of the promoted commit; undefined when it could not be found. */
  promotedTree?: string;
  /** Where the tree lookups happened, for the tree-unknown hint. */
  treeSources?: string;
}

const short = (sha: string | null | undefined): string => (sha ? sha.slice(0, 12) : '(none)');

/** Returns the record that allows the promotion, or throws a RefusalError (exit 1). */
export function verifyPromotion(evidence: PromotionEvidence): FoundRecord {
  const { records, testedSha, digest } = evidence;
  const tag = `${evidence.image}:${testedTag(testedSha)}`;
  const rerun = `Re-run QA on ${testedSha}${evidence.pr !== undefined ? ` (PR #${evidence.pr})` : ''} so it records a fresh verdict and tag, then promote again.`;

  const refused = records.refused ?? [];
  if (records.matching.length === 0 && refused.length > 0) throw unproven(refused, evidence, tag, rerun);
  if (records.matching.length === 0) {
    const others = [
      ...new Set(
        records.listed
          .map((d) => d.annotations?.[ANNOTATION.sha])
          .filter((s): s is string => typeof s === 'string' && s !== testedSha),
      ),
    ];
    if (others.length > 0)
      throw new RefusalError(
        `${tag} points to ${digest}, but that digest carries QA records for ${others.map(short).join(', ')}, not for ${testedSha}: ` +
          `the tag was moved or overwritten after QA ran, so ${digest} was never tested for this commit. ${rerun} ` +
          'Only immutable-qa should write qa-* tags (protect them in the registry if it can).',
        'subject-mismatch',
      );
    const unreadable = records.unreadable.length
      ? ` (${records.unreadable.length} record artifact(s) could not be read: ${records.unreadable.map((u) => u.reason).join('; ')})`
      : '';
    throw new RefusalError(
      `${tag} points to ${digest}, but no QA record for ${testedSha} is attached to that digest${unreadable}: ` +
        `the tag was set by hand or the record was deleted, so nothing proves the digest passed QA. ${rerun}`,
      'no-record',
    );
  }

  // The latest verdict for the commit on this digest decides: an earlier pass does not outvote a
  // failed re-run. Records about another digest or commit are not verdicts on this one.
  const about = records.matching
    .filter(
      (f) =>
        f.subject?.digest === digest && f.record.image.digest === digest && f.record.source.sha === testedSha,
    )
    .sort(newestFirst);
  const latest = about[0];
  if (latest) {
    const earlierPass = about.find((f) => f.record.verdict === 'passed');
    if (latest.record.verdict !== 'passed' && earlierPass) throw laterFailure(latest, earlierPass, evidence);
    const refusal = problem(latest, evidence, tag, rerun);
    if (refusal) throw refusal;
    return latest;
  }

  let first: RefusalError | undefined;
  for (const found of records.matching) {
    const refusal = problem(found, evidence, tag, rerun);
    if (!refusal) return found;
    first ??= refusal;
  }
  throw first ?? new RefusalError('no usable QA record', 'no-record');
}

type Refused = NonNullable<RecordsOnDigest['refused']>[number];

/** No record on the digest proves who wrote it: the refusal for the most telling one. */
function unproven(refused: Refused[], evidence: PromotionEvidence, tag: string, rerun: string): RefusalError {
  // A record that was tampered with or moved says more than an unsigned one.
  const order: Refused['reason'][] = [
    'bad-signature',
    'subject-mismatch',
    'annotation-mismatch',
    'untrusted-signer',
    'unsigned',
  ];
  const first = [...refused].sort((a, b) => order.indexOf(a.reason) - order.indexOf(b.reason))[0]!;
  const all = refused.map((r) => `${r.digest}: ${r.message}`).join('; ');
  const head = `${tag} points to ${evidence.digest}, but no QA record there proves who wrote it (${all})`;
  switch (first.reason) {
    case 'unsigned':
      return new RefusalError(
        `${head}. Promotion accepts only signed verdicts (record.signing is keyless or key), so a record from before signing, or one anybody with push access wrote, is not a verdict. ` +
          `To migrate: ${rerun.replace('Re-run', 're-run')} (it signs the new record). To accept unsigned verdicts instead, set record.signing: none (anyone who can push to the registry can then forge one).`,
        'unsigned',
      );
    case 'untrusted-signer':
      return new RefusalError(
        `${head}. Only a signer that promote.trust names may vouch for a digest: if that signer is yours, add it to promote.trust (in the reviewed config); ` +
          `otherwise someone else wrote this verdict. ${rerun}`,
        'untrusted-signer',
      );
    case 'bad-signature':
      return new RefusalError(
        `${head}. The record's signature does not verify: it was altered after it was signed, or signed under another trusted root. Nothing was promoted. ${rerun}`,
        'bad-signature',
      );
    case 'subject-mismatch':
      return new RefusalError(
        `${head}. The signed record is about another digest: it was copied onto ${evidence.digest}, which was never tested. ${rerun}`,
        'subject-mismatch',
      );
    case 'annotation-mismatch':
      return new RefusalError(
        `${head}. The artifact's unsigned annotations were changed after signing, so the artifact is not what QA wrote. ${rerun}`,
        'annotation-mismatch',
      );
  }
}

/** Latest first: by when the record was made, then by run (id, attempt) for records made at once. */
export function newestFirst(a: FoundRecord, b: FoundRecord): number {
  const byTime = b.record.created_at.localeCompare(a.record.created_at);
  if (byTime !== 0) return byTime;
  const [ra, rb] = [a.record.run, b.record.run];
  if (!ra || !rb) return ra ? -1 : rb ? 1 : 0;
  const [ia, ib] = [Number(ra.id), Number(rb.id)];
  if (Number.isFinite(ia) && Number.isFinite(ib) && ia !== ib) return ib - ia;
  return rb.attempt - ra.attempt;
}

function runName(found: FoundRecord): string {
  const { run, created_at } = found.record;
  return run ? `run ${run.id} attempt ${run.attempt} (${run.url})` : `the local run of ${created_at}`;
}

function laterFailure(latest: FoundRecord, pass: FoundRecord, evidence: PromotionEvidence): RefusalError {
  const { record } = latest;
  const failed = [...record.phases, ...record.checks]
    .filter((s) => s.conclusion !== 'success' && s.conclusion !== 'skipped')
    .map((s) => `${s.name}: ${s.conclusion}`);
  return new RefusalError(
    `QA passed for ${evidence.testedSha} on ${evidence.digest} in ${runName(pass)}, but a later run on the same commit and digest failed` +
      `${failed.length ? ` (${failed.join(', ')})` : ''}: ${runName(latest)}, at ${record.created_at}. ` +
      'The latest verdict for a commit decides, so the earlier pass is not promoted. ' +
      `Find out why that run failed (a flaky check is a failing check), fix it, re-run QA on ${evidence.testedSha} until it passes, then promote again.`,
    'later-failure',
  );
}

function problem(
  found: FoundRecord,
  evidence: PromotionEvidence,
  tag: string,
  rerun: string,
): RefusalError | undefined {
  const { record } = found;
  const { digest, testedSha } = evidence;
  const subject = found.subject?.digest;
  if (subject !== digest || record.image.digest !== digest)
    return new RefusalError(
      `the QA record ${found.artifactDigest} for ${testedSha} is about ${record.image.digest ?? 'no image'} (subject ${subject ?? 'none'}), but ${tag} points to ${digest}: ` +
        `the tag and the record disagree, so ${digest} is not proven tested. ${rerun}`,
      'subject-mismatch',
    );
  if (record.source.sha !== testedSha)
    return new RefusalError(
      `the QA record on ${digest} is for commit ${record.source.sha}, not ${testedSha}. ${rerun}`,
      'sha-mismatch',
    );
  if (record.verdict !== 'passed') {
    const failed = [...record.phases, ...record.checks]
      .filter((s) => s.conclusion !== 'success' && s.conclusion !== 'skipped')
      .map((s) => `${s.name}: ${s.conclusion}`);
    return new RefusalError(
      `the QA verdict for ${testedSha} on ${digest} is failed${failed.length ? ` (${failed.join(', ')})` : ''}${record.run ? `, see ${record.run.url}` : ''}: ` +
        `a failed digest is never promoted. Fix the failing checks, push, and merge after QA passes.`,
      'failed-verdict',
    );
  }
  if (record.source.dirty)
    return new RefusalError(
      `the QA run for ${testedSha} on ${digest} built a dirty working tree (uncommitted changes), so what was tested is not that commit: ` +
        `a dirty run never earns promotion. Run QA on a clean checkout (commit or stash the changes) and promote again.`,
      'dirty',
    );
  if (evidence.policy === 'same-tree') {
    if (!record.source.tree)
      return new RefusalError(
        `the QA record for ${testedSha} has no source tree (QA ran outside a git checkout), so policy same-tree cannot prove the promoted commit is what was tested. ` +
          `Run QA in the repository's checkout, or set promote.policy: pr-head.`,
        'tree-unknown',
      );
    if (!evidence.promotedTree)
      return new RefusalError(
        `cannot find the tree of the promoted commit ${evidence.promotedSha}${evidence.treeSources ? ` (looked in ${evidence.treeSources})` : ''}, so policy same-tree cannot compare it with the tested tree ${short(record.source.tree)}. ` +
          'Check out that commit before promoting (actions/checkout with ref: <sha>), or pass a github-token with `contents: read`.',
        'tree-unknown',
      );
    if (evidence.promotedTree !== record.source.tree) {
      const via =
        evidence.promotedSha === testedSha
          ? `QA for ${testedSha} ran on the test merge ${short(record.source.checkout_sha)} (tree ${short(record.source.tree)})`
          : `QA for the PR head ${testedSha}${evidence.pr !== undefined ? ` (PR #${evidence.pr})` : ''} tested tree ${short(record.source.tree)} (checkout ${short(record.source.checkout_sha)})`;
      return new RefusalError(
        `commit ${evidence.promotedSha} has tree ${short(evidence.promotedTree)}, but ${via}: the base branch moved after QA ran, so the merged code was never tested (policy same-tree). ` +
          'Fix: enable a merge queue, or require branches to be up to date before merging (branch protection), so QA runs on exactly what merges; ' +
          `then re-run QA and promote again. To promote the PR head's result anyway, set promote.policy: pr-head.`,
        'tree-mismatch',
      );
    }
  }
  return undefined;
}
