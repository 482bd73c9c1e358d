// The GitHub side of a QA run: check runs, job summary, workflow annotations when the token is
// read-only, the sticky comment and the deployment, as one QaReporter.
import type { Annotation, CheckResult, PhaseResult } from '../model/results.js';
import type { Logger } from '../model/log.js';
import type { QaReporter } from '../model/reporter.js';
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
}

/** GitHub shows at most 10 error and 10 warning annotations per step from workflow commands. */
export const WORKFLOW_ANNOTATION_CAP = 10;

export function githubReporter(options: GitHubReportOptions): QaReporter {
  const permissions = new Permissions(options.logger);
  const checkRuns = options.target
    ? new CheckRunsReporter({
        target: options.target,
        permissions,
        ...(options.runUrl ? { runUrl: options.runUrl } : {}),
        onPending: options.onPending,
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
      if (!checkRuns || !permissions.canWrite('checks: write')) workflowAnnotations(results, options.logger);
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
    },
  };
}

/** Read-only fallback: the most important annotations as workflow commands, within GitHub's caps. */
export function workflowAnnotations(
  results: { phases: PhaseResult[]; checks: CheckResult[] },
  logger: Logger,
): void {
  const all: Array<Annotation & { step: string }> = [];
  for (const s of [...results.phases, ...results.checks])
    for (const a of s.annotations) all.push({ ...a, step: s.name });
  const failures = all.filter((a) => a.level === 'failure');
  const warnings = all.filter((a) => a.level !== 'failure');
  const emit = (list: typeof all, fn: Logger['error']): void => {
    for (const a of list.slice(0, WORKFLOW_ANNOTATION_CAP))
      fn(a.message, {
        title: `${a.step}: ${a.title ?? ''}`.slice(0, 255),
        file: a.path,
        startLine: a.startLine,
        endLine: a.endLine,
      });
  };
  emit(failures, logger.error);
  emit(warnings, logger.warning);
  const dropped =
    Math.max(0, failures.length - WORKFLOW_ANNOTATION_CAP) +
    Math.max(0, warnings.length - WORKFLOW_ANNOTATION_CAP);
  if (dropped) logger.info(`${dropped} more annotation(s) are listed in the job summary.`);
  for (const s of [...results.phases, ...results.checks])
    if (s.conclusion !== 'success' && s.conclusion !== 'skipped' && !s.annotations.length)
      logger.error(`${s.name}: ${s.summary}`, { title: `immutable-qa / ${s.name}` });
}
