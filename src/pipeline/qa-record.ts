// Step "Verdict" of the QA pipeline: the QA record of DESIGN.md from what the phases returned.
// Pure: the same inputs give the same record (but for created_at).
import type { SourceState } from '../exec/git.js';
import { verdictOf, type QaRecord, type RecordedStep, type Verdict } from '../model/record.js';
import type { CheckResult, PhaseResult } from '../model/results.js';
import type { RunContext } from '../model/run-context.js';
import { VERSION } from '../model/version.js';

/**
 * The record's source: the commit the results belong to (context.sha) and what was checked out.
 * Outside a checkout there is no checkout sha and no tree (so no tested tag, see record/publish.ts),
 * never a placeholder; `dirty` says whether the files differ from a commit, and without a checkout
 * there is no commit to differ from.
 */
export function recordSource(context: RunContext, source: SourceState): QaRecord['source'] {
  return {
    repository: context.repository ?? null,
    sha: context.sha,
    checkout_sha: source.kind === 'commit' ? source.sha : null,
    tree: source.kind === 'commit' ? source.tree : null,
    ref: context.ref ?? null,
    pr: context.pr ?? null,
    dirty: source.kind === 'commit' ? source.dirty : false,
  };
}

export interface RecordInput {
  repository: string;
  context: RunContext;
  source: SourceState;
  digest: string | undefined;
  definitionSha256: string | undefined;
  project: string;
  endpoints: Record<string, string>;
  phases: PhaseResult[];
  checks: CheckResult[];
  cancelled: boolean;
}

export function qaRecord(input: RecordInput): QaRecord {
  const verdict: Verdict = input.cancelled ? 'failed' : verdictOf(input.phases, input.checks);
  return {
    schema: 1,
    verdict,
    image: { repository: input.repository, digest: input.digest ?? null },
    source: recordSource(input.context, input.source),
    environment: {
      definition_sha256: input.definitionSha256 ?? null,
      project: input.project,
      endpoints: input.endpoints,
    },
    phases: input.phases.map((p) => step(p)),
    checks: input.checks.map((c) => ({ ...step(c), required: c.required })),
    run: input.context.run ?? null,
    tool: { name: 'immutable-qa', version: VERSION },
    created_at: new Date().toISOString(),
  };
}

function step(r: PhaseResult | CheckResult): RecordedStep {
  return {
    name: r.name,
    conclusion: r.conclusion,
    started_at: r.startedAt,
    completed_at: r.completedAt,
    summary: r.summary,
  };
}
