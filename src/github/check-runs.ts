// Check runs: all queued at the start, in_progress when their phase starts, completed with the
// step's conclusion; annotations in batches of 50. At most 3 requests per run plus one per extra batch.
import type { CheckResult, PhaseResult } from '../model/results.js';
import type { QaReporter, RunFacts } from '../model/reporter.js';
import type { QaRecord } from '../model/record.js';
import { batches } from '../reports/annotations.js';
import {
  CHECK_RUN_PREFIX,
  checkRunName,
  renderOverallOutput,
  renderStepOutput,
  type ReportFacts,
} from './render.js';
import type { GitHubTarget, Permissions } from './target.js';

type Annotation = {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
};

export interface CheckRunsOptions {
  target: GitHubTarget;
  permissions: Permissions;
  /** The workflow run's page: check-run outputs point at its job summary. */
  runUrl?: string;
  /** Called whenever the set of not-yet-completed check runs changes (post-step state). */
  onPending?: (pending: Record<string, number>) => void;
}

export class CheckRunsReporter implements QaReporter {
  private readonly ids = new Map<string, number>();
  private readonly pending = new Map<string, number>();
  constructor(private readonly options: CheckRunsOptions) {}

  private get target(): GitHubTarget {
    return this.options.target;
  }

  private write<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    return this.options.permissions.write('checks: write', what, fn);
  }

  private notePending(): void {
    this.options.onPending?.(Object.fromEntries(this.pending));
  }

  async plan(steps: { checks: string[] }): Promise<void> {
    const names = ['build', 'environment', ...steps.checks, CHECK_RUN_PREFIX];
    for (const step of names) {
      const created = await this.write('create check runs', () =>
        this.target.octokit.rest.checks.create({
          owner: this.target.owner,
          repo: this.target.repo,
          name: checkRunName(step),
          head_sha: this.target.headSha,
          status: 'queued',
          ...(this.target.detailsUrl ? { details_url: this.target.detailsUrl } : {}),
        }),
      );
      if (!created) return;
      this.ids.set(step, created.data.id);
      this.pending.set(step, created.data.id);
    }
    this.notePending();
    await this.start(CHECK_RUN_PREFIX);
  }

  async start(step: string): Promise<void> {
    const id = this.ids.get(step);
    if (id === undefined) return;
    await this.write('start a check run', () =>
      this.target.octokit.rest.checks.update({
        owner: this.target.owner,
        repo: this.target.repo,
        check_run_id: id,
        status: 'in_progress',
        started_at: new Date().toISOString(),
      }),
    );
  }

  private report(facts: RunFacts): ReportFacts {
    return { ...facts, ...(this.options.runUrl ? { runUrl: this.options.runUrl } : {}) };
  }

  async complete(result: PhaseResult | CheckResult, facts: RunFacts): Promise<void> {
    await this.finishRun(
      result.name,
      result.conclusion,
      result.completedAt,
      renderStepOutput(result, this.report(facts)),
      result.annotations,
      facts.image?.digest,
    );
  }

  async finish(
    record: QaRecord,
    results: { phases: PhaseResult[]; checks: CheckResult[] },
    facts: RunFacts,
  ): Promise<void> {
    const conclusion =
      record.verdict === 'passed'
        ? 'success'
        : results.phases.some((p) => p.conclusion === 'cancelled') ||
            results.checks.some((c) => c.conclusion === 'cancelled')
          ? 'cancelled'
          : 'failure';
    await this.finishRun(
      CHECK_RUN_PREFIX,
      conclusion,
      new Date().toISOString(),
      renderOverallOutput(record, results.phases, results.checks, this.report(facts)),
      [],
      facts.image?.digest,
    );
  }

  private async finishRun(
    step: string,
    conclusion: PhaseResult['conclusion'],
    completedAt: string,
    output: { title: string; summary: string },
    annotations: CheckResult['annotations'],
    digest: string | undefined,
  ): Promise<void> {
    const id = this.ids.get(step);
    if (id === undefined) return;
    const all: Annotation[] = annotations.map((a) => ({
      path: a.path,
      start_line: a.startLine,
      end_line: a.endLine,
      annotation_level: a.level,
      message: a.message,
      ...(a.title ? { title: a.title } : {}),
      ...(a.rawDetails ? { raw_details: a.rawDetails } : {}),
    }));
    const [first = [], ...rest] = batches(all);
    const base = { owner: this.target.owner, repo: this.target.repo, check_run_id: id };
    const done = await this.write('complete a check run', () =>
      this.target.octokit.rest.checks.update({
        ...base,
        status: 'completed',
        conclusion,
        completed_at: completedAt,
        ...(digest ? { external_id: digest } : {}),
        output: { ...output, ...(first.length ? { annotations: first } : {}) },
      }),
    );
    if (done) {
      this.pending.delete(step);
      this.notePending();
    }
    // Further annotations go in follow-up updates; GitHub appends them to the run.
    for (const batch of rest)
      await this.write('add annotations', () =>
        this.target.octokit.rest.checks.update({ ...base, output: { ...output, annotations: batch } }),
      );
  }
}

/** The post step: every check run still open is completed as cancelled. */
export async function cancelPending(
  target: GitHubTarget,
  permissions: Permissions,
  pending: Record<string, number>,
): Promise<number> {
  let cancelled = 0;
  for (const [step, id] of Object.entries(pending)) {
    const ok = await permissions.write('checks: write', 'cancel a check run', () =>
      target.octokit.rest.checks.update({
        owner: target.owner,
        repo: target.repo,
        check_run_id: id,
        status: 'completed',
        conclusion: 'cancelled',
        completed_at: new Date().toISOString(),
        output: {
          title: 'cancelled',
          summary: `${checkRunName(step)} did not finish: the run was cancelled or failed before this step completed.`,
        },
      }),
    );
    if (ok) cancelled++;
  }
  return cancelled;
}
