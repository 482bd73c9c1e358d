// The `report` pipeline (issue 16): in the base repository, on workflow_run of the QA workflow, it
// publishes what an unprivileged run (a fork's or Dependabot's PR) left as an artifact: check runs
// on the PR's head sha with every annotation, and the sticky comment, through the same reporter and
// renderers as a run with a write token. It never checks out or runs the PR's code and needs no
// registry credentials; the report is hostile data, read by github/fork-report.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fenced } from '../model/markdown.js';
import type { Logger } from '../model/log.js';
import type { CheckResult, PhaseResult } from '../model/results.js';
import { downloadForkReport } from '../github/fork-artifact.js';
import { FORK_REPORT_FILE, readForkReport, type ForkReport } from '../github/fork-report.js';
import { githubReporter } from '../github/report.js';
import type { GitHubTarget } from '../github/target.js';
import { pullsOf, type FinishedRun } from '../github/workflow-run.js';
import { qaRecord } from './qa-record.js';

export interface ReportOptions {
  /** The base repository, with a token that can write checks (and pull requests, for the comment). */
  target: Omit<GitHubTarget, 'headSha' | 'pr'>;
  run: FinishedRun;
  comment: boolean;
  logger: Logger;
}

export type ReportOutcome =
  | { published: true; pr: number; headSha: string; verdict: ForkReport['verdict'] }
  | { published: false; reason: string };

export async function report(options: ReportOptions): Promise<ReportOutcome> {
  const { run, logger } = options;
  if (run.event !== 'pull_request')
    return {
      published: false,
      reason: `the QA run was for ${run.event}, not a pull request: it reported itself`,
    };
  const target: GitHubTarget = { ...options.target, headSha: run.headSha, detailsUrl: run.url };
  const dir = await mkdtemp(join(process.env.RUNNER_TEMP ?? tmpdir(), 'immutable-qa-fork-'));
  let fork: ForkReport | undefined;
  try {
    if (await downloadForkReport(target, run.id, dir))
      fork = await readForkReport(dir, { pulls: await pullsOf(target, run), headSha: run.headSha });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  // The common case for a branch of this repository: its run had a write token and reported itself.
  if (!fork)
    return {
      published: false,
      reason: `run ${run.id} left no ${FORK_REPORT_FILE}: it reported itself (a token that could write), or it ended before its verdict`,
    };
  logger.info(
    `publishing the results of run ${run.id} for PR #${fork.pr} at ${fork.head_sha}: ${fork.verdict}`,
  );
  // Free markdown from the PR's run is shown as text: a report's details cannot add links or layout.
  const phases: PhaseResult[] = fork.phases.map((p) => asText(p));
  const checks: CheckResult[] = fork.checks.map((c) => asText(c));
  const context = {
    sha: run.headSha,
    pr: fork.pr,
    ref: `refs/pull/${fork.pr}/head`,
    apiUrl: '',
    run: { id: String(run.id), attempt: run.attempt, url: run.url },
    repository: `${target.owner}/${target.repo}`,
  };
  const record = qaRecord({
    repository: '(not recorded: an unprivileged run pushes nothing)',
    context,
    source: { kind: 'not-a-checkout' },
    digest: undefined,
    definitionSha256: undefined,
    project: '',
    endpoints: {},
    phases,
    checks,
    cancelled: false,
  });
  const reporter = githubReporter({
    target: { ...target, pr: fork.pr },
    logger,
    comment: options.comment,
    keepEnvironment: false,
    runUrl: run.url,
    replay: true,
  });
  const facts = { endpoints: {} };
  await reporter.plan({ build: true, environment: true, checks: checks.map((c) => c.name) });
  for (const step of [...phases, ...checks]) await reporter.complete(step, facts);
  await reporter.finish(record, { phases, checks }, facts);
  return { published: true, pr: fork.pr, headSha: fork.head_sha, verdict: record.verdict };
}

function asText<T extends PhaseResult | CheckResult>(step: T): T {
  return step.details ? { ...step, details: fenced(step.details) } : step;
}
