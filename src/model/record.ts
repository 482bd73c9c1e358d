// The records of DESIGN.md: the QA record (what was tested, from which source, with which result)
// and the promotion record (which tags moved to which tested digest, on what evidence).
import type { CheckResult, PhaseResult } from './results.js';

/** `qa-<40-hex sha>`: the tag a passed, clean QA run sets on the tested digest. */
export function testedTag(sha: string): string {
  return `qa-${sha}`;
}

export type Verdict = 'passed' | 'failed';

export interface QaRecord {
  schema: 1;
  verdict: Verdict;
  image: { repository: string; digest: string | null };
  source: {
    repository: string | null;
    sha: string;
    checkout_sha: string | null;
    tree: string | null;
    ref: string | null;
    pr: number | null;
    dirty: boolean;
  };
  environment: { definition_sha256: string | null; project: string; endpoints: Record<string, string> };
  phases: RecordedStep[];
  checks: Array<RecordedStep & { required: boolean }>;
  run: { id: string; attempt: number; url: string } | null;
  tool: { name: 'immutable-qa'; version: string };
  created_at: string;
}

export interface RecordedStep {
  name: string;
  conclusion: CheckResult['conclusion'];
  started_at: string;
  completed_at: string;
  summary: string;
}

export function verdictOf(phases: PhaseResult[], checks: CheckResult[]): Verdict {
  const ok =
    phases.every((p) => p.conclusion === 'success') &&
    checks.filter((c) => c.required).every((c) => c.conclusion === 'success');
  return ok ? 'passed' : 'failed';
}

/** What a promotion writes next to the digest it promoted (registry artifact or local file). */
export interface PromotionRecord {
  schema: 1;
  kind: 'promotion';
  image: { repository: string; digest: string };
  tags: string[];
  /** Where each tag pointed before (null: it did not exist). */
  previous: Record<string, string | null>;
  promoted: { sha: string; tree: string | null; ref: string | null; event: string };
  source: {
    sha: string;
    pr: number | null;
    tree: string | null;
    checkout_sha: string | null;
    /** Digest of the QA record artifact (registry mode). */
    qa_record: string | null;
    /** Who signed the QA record (`key <id>` or the signing workflow); null: it was unsigned. */
    qa_signer: string | null;
    /** How the tested digest was found: the tag qa-<promoted sha>, or the PR's head. */
    resolved_by: 'tag' | 'pull-request';
  };
  /** The promote policy that admitted it (config promote.policy). */
  policy: 'same-tree' | 'pr-head';
  run: { id: string; attempt: number; url: string } | null;
  tool: { name: 'immutable-qa'; version: string };
  promoted_at: string;
}
