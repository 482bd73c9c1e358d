// Check runs, reported from a background queue so the pipeline never waits on GitHub (the
// throttling plugin spaces writes 1 s apart). Each step's check run has a wanted state (queued,
// in_progress, completed) that only moves forward; one worker sends, in order, what each run still
// lacks: a run whose create is still queued when its step starts or ends is created that way, and a
// request that would say nothing new is never sent. finish() waits until everything is sent.
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
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
};

type Wanted =
  | { status: 'queued' }
  | { status: 'in_progress'; startedAt: string }
  | {
      status: 'completed';
      startedAt?: string;
      conclusion: PhaseResult['conclusion'];
      completedAt: string;
      output: { title: string; summary: string };
      annotations: Annotation[];
      digest?: string;
    };

const RANK = { queued: 0, in_progress: 1, completed: 2 } as const;

interface CheckRun {
  id?: number;
  sent?: Wanted['status'];
  want: Wanted;
  /** Its create failed: nothing more is sent for it. */
  lost?: true;
}

export interface CheckRunsOptions {
  target: GitHubTarget;
  permissions: Permissions;
  /** The workflow run's page: check-run outputs point at its job summary. */
  runUrl?: string;
  /** Called whenever the set of not-yet-completed check runs changes (post-step state). */
  onPending?: (pending: Record<string, number>) => void;
  /**
   * Every step is already complete (the `report` run publishing a fork's results): plan() only
   * registers the runs, so each is created completed, in one request.
   */
  replay?: boolean;
}

export class CheckRunsReporter implements QaReporter {
  private readonly runs = new Map<string, CheckRun>();
  /** Steps with something to send, oldest first. */
  private readonly dirty: string[] = [];
  private working = false;
  private idle: Promise<void> = Promise.resolve();
  constructor(private readonly options: CheckRunsOptions) {}

  private get target(): GitHubTarget {
    return this.options.target;
  }

  async plan(steps: { checks: string[] }): Promise<void> {
    for (const step of ['build', 'environment', ...steps.checks, CHECK_RUN_PREFIX]) {
      this.runs.set(step, { want: { status: 'queued' } });
      if (!this.options.replay) this.markDirty(step);
    }
    if (!this.options.replay) await this.start(CHECK_RUN_PREFIX);
  }

  async start(step: string): Promise<void> {
    this.advance(step, { status: 'in_progress', startedAt: new Date().toISOString() });
  }

  private report(facts: RunFacts): ReportFacts {
    return { ...facts, ...(this.options.runUrl ? { runUrl: this.options.runUrl } : {}) };
  }

  async complete(result: PhaseResult | CheckResult, facts: RunFacts): Promise<void> {
    this.completeStep(
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
    this.completeStep(
      CHECK_RUN_PREFIX,
      conclusion,
      new Date().toISOString(),
      renderOverallOutput(record, results.phases, results.checks, this.report(facts)),
      [],
      facts.image?.digest,
    );
    await this.flush();
  }

  /** Resolves once every wanted state has been sent (or given up on). */
  async flush(): Promise<void> {
    while (this.working) await this.idle;
  }

  private completeStep(
    step: string,
    conclusion: PhaseResult['conclusion'],
    completedAt: string,
    output: { title: string; summary: string },
    annotations: CheckResult['annotations'],
    digest: string | undefined,
  ): void {
    const previous = this.runs.get(step)?.want;
    this.advance(step, {
      status: 'completed',
      ...(previous?.status === 'in_progress' ? { startedAt: previous.startedAt } : {}),
      conclusion,
      completedAt,
      output,
      annotations: annotations.map((a) => ({
        path: a.path,
        start_line: a.startLine,
        end_line: a.endLine,
        // GitHub: "Omit this parameter if start_line and end_line have different values."
        ...(a.startLine === a.endLine && a.startColumn !== undefined ? { start_column: a.startColumn } : {}),
        ...(a.startLine === a.endLine && a.endColumn !== undefined ? { end_column: a.endColumn } : {}),
        annotation_level: a.level,
        message: a.message,
        ...(a.title ? { title: a.title } : {}),
        ...(a.rawDetails ? { raw_details: a.rawDetails } : {}),
      })),
      ...(digest ? { digest } : {}),
    });
  }

  private advance(step: string, wanted: Wanted): void {
    const run = this.runs.get(step);
    if (!run || RANK[wanted.status] <= RANK[run.want.status]) return;
    run.want = wanted;
    this.markDirty(step);
  }

  private markDirty(step: string): void {
    if (!this.dirty.includes(step)) this.dirty.push(step);
    if (this.working) return;
    this.working = true;
    this.idle = this.work();
  }

  private async work(): Promise<void> {
    try {
      for (let step = this.dirty.shift(); step !== undefined; step = this.dirty.shift()) {
        const run = this.runs.get(step);
        if (run && !run.lost && run.sent !== run.want.status) await this.send(step, run);
      }
    } finally {
      // In the same turn as the empty queue was seen: a step marked later starts a new worker.
      this.working = false;
    }
  }

  private write<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    return this.options.permissions.write('checks: write', what, fn);
  }

  /** One create or update carrying the wanted state, then any further annotation batches. */
  private async send(step: string, run: CheckRun): Promise<void> {
    const want = run.want;
    const [first = [], ...rest] = want.status === 'completed' ? batches(want.annotations) : [];
    const fields = {
      status: want.status,
      ...(want.status !== 'queued' && want.startedAt ? { started_at: want.startedAt } : {}),
      ...(want.status === 'completed'
        ? {
            conclusion: want.conclusion,
            completed_at: want.completedAt,
            ...(want.digest ? { external_id: want.digest } : {}),
            output: { ...want.output, ...(first.length ? { annotations: first } : {}) },
          }
        : {}),
    };
    const repo = { owner: this.target.owner, repo: this.target.repo };
    if (run.id === undefined) {
      const created = await this.write('create check runs', () =>
        this.target.octokit.rest.checks.create({
          ...repo,
          name: checkRunName(step),
          head_sha: this.target.headSha,
          ...(this.target.detailsUrl ? { details_url: this.target.detailsUrl } : {}),
          ...fields,
        }),
      );
      if (!created) {
        run.lost = true;
        return;
      }
      run.id = created.data.id;
    } else {
      const id = run.id;
      const updated = await this.write(
        want.status === 'completed' ? 'complete a check run' : 'start a check run',
        () => this.target.octokit.rest.checks.update({ ...repo, check_run_id: id, ...fields }),
      );
      if (!updated) return;
    }
    run.sent = want.status;
    this.notePending();
    const id = run.id;
    // Further annotations go in follow-up updates; GitHub appends them to the run.
    if (want.status === 'completed')
      for (const batch of rest)
        await this.write('add annotations', () =>
          this.target.octokit.rest.checks.update({
            ...repo,
            check_run_id: id,
            output: { ...want.output, annotations: batch },
          }),
        );
  }

  private notePending(): void {
    const pending: Record<string, number> = {};
    for (const [step, run] of this.runs)
      if (run.id !== undefined && run.sent !== 'completed') pending[step] = run.id;
    this.options.onPending?.(pending);
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
