// The GitHub side of a QA run: check runs, job summary, workflow annotations when the token is
// read-only, the sticky comment and the deployment, as one QaReporter.
import type { Annotation, CheckResult, PhaseResult } from '../model/results.js';
import type { AnnotationCounts, AnnotationProps, Logger } from '../model/log.js';
import type { QaReporter } from '../model/reporter.js';
import type { QaRecord } from '../model/record.js';
import { CheckRunsReporter } from './check-runs.js';
import { recordDeployment } from './deployment.js';
import { upsertComment } from './pr-comment.js';
import { renderComment, renderJobSummary, type ReportFacts } from './render.js';
import { writeJobSummary } from './summary.js';
import { Permissions, type GitHubTarget } from './target.js';

export interface GitHubReportOptions {
  target?: GitHubTarget;
  logger: Logger;
  comment: boolean;
  keepEnvironment: boolean;
  /** The workflow run's page: reports point at its job summary. */
  runUrl?: string;
  onPending?: (pending: Record<string, number>) => void;
  /** The warnings and errors the step has shown so far (countingLogger): the read-only fallback uses what is left. */
  shown?: AnnotationCounts;
  /**
   * When check runs could not be written (a read-only token): hand the results to the base
   * repository's `report` run (an artifact). Before the annotations, so its warnings count.
   */
  onReadOnly?: (record: QaRecord, results: { phases: PhaseResult[]; checks: CheckResult[] }) => Promise<void>;
  /** Every step is already complete (the `report` run): each check run is created completed. */
  replay?: boolean;
}

/** GitHub shows at most 10 error and 10 warning annotations per step from workflow commands. */
export const WORKFLOW_ANNOTATION_CAP = 10;

export function githubReporter(options: GitHubReportOptions): QaReporter {
  const permissions = new Permissions(options.logger, { deferred: true });
  const checkRuns = options.target
    ? new CheckRunsReporter({
        target: options.target,
        permissions,
        ...(options.runUrl ? { runUrl: options.runUrl } : {}),
        onPending: options.onPending,
        ...(options.replay ? { replay: true } : {}),
      })
    : undefined;
  return {
    plan: async (steps) => checkRuns?.plan(steps),
    start: async (step) => checkRuns?.start(step),
    complete: async (result, run) => checkRuns?.complete(result, run),
    finish: async (record, results, run) => {
      await checkRuns?.finish(record, results, run);
      const facts: ReportFacts = { ...run, ...(options.runUrl ? { runUrl: options.runUrl } : {}) };
      await writeJobSummary(renderJobSummary(record, results.phases, results.checks, facts), options.logger, {
        eol: true,
      });
      if (options.target && options.comment)
        await upsertComment(options.target, permissions, renderComment(record, results.checks, facts));
      const url = Object.values(facts.endpoints)[0];
      if (
        options.target &&
        options.keepEnvironment &&
        url &&
        facts.image &&
        record.phases.every((p) => p.conclusion === 'success')
      )
        await recordDeployment(options.target, permissions, url, facts.image.digest);
      // Once every write was tried: one warning names every missing permission, and the findings
      // get what is left of the step's 10 warnings and 10 errors (one error kept for the action's
      // own failure line).
      permissions.explainReadOnly();
      if (!checkRuns || !permissions.canWrite('checks: write')) {
        await options.onReadOnly?.(record, results);
        const shown = options.shown ?? { warning: 0, error: 0 };
        workflowAnnotations(results, options.logger, {
          warning: WORKFLOW_ANNOTATION_CAP - shown.warning,
          error: WORKFLOW_ANNOTATION_CAP - shown.error - (record.verdict === 'passed' ? 0 : 1),
        });
      }
    },
  };
}

/**
 * Read-only fallback: the most important annotations as workflow commands, within `budget` (what is
 * left of GitHub's caps); errors first from the findings, then the failed steps that have none.
 */
export function workflowAnnotations(
  results: { phases: PhaseResult[]; checks: CheckResult[] },
  logger: Logger,
  budget: AnnotationCounts = { warning: WORKFLOW_ANNOTATION_CAP, error: WORKFLOW_ANNOTATION_CAP },
): void {
  const steps = [...results.phases, ...results.checks];
  const all: Array<Annotation & { step: string }> = [];
  for (const s of steps) for (const a of s.annotations) all.push({ ...a, step: s.name });
  const props = (a: Annotation & { step: string }): AnnotationProps => ({
    title: `${a.step}: ${a.title ?? ''}`.slice(0, 255),
    file: a.path,
    startLine: a.startLine,
    endLine: a.endLine,
  });
  const errors: Array<[string, AnnotationProps]> = [
    ...all.filter((a) => a.level === 'failure').map((a): [string, AnnotationProps] => [a.message, props(a)]),
    ...steps
      .filter((s) => s.conclusion !== 'success' && s.conclusion !== 'skipped' && !s.annotations.length)
      .map((s): [string, AnnotationProps] => [
        `${s.name}: ${s.summary}`,
        { title: `immutable-qa / ${s.name}` },
      ]),
  ];
  const warnings = all
    .filter((a) => a.level !== 'failure')
    .map((a): [string, AnnotationProps] => [a.message, props(a)]);
  const errorsShown = Math.max(0, budget.error);
  const warningsShown = Math.max(0, budget.warning);
  for (const [message, p] of errors.slice(0, errorsShown)) logger.error(message, p);
  for (const [message, p] of warnings.slice(0, warningsShown)) logger.warning(message, p);
  const dropped = Math.max(0, errors.length - errorsShown) + Math.max(0, warnings.length - warningsShown);
  if (dropped) logger.info(`${dropped} more annotation(s) are listed in the job summary.`);
}
