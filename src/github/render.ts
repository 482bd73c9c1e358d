// Pure markdown renderers for check-run outputs, the job summary and the PR comment.
// Each stays within GitHub's limits (65,535 chars per check-run summary, 1 MiB per job summary).
import type { CheckResult, Conclusion, PhaseResult, StepResult } from '../model/results.js';
import { formatDuration } from '../config/duration.js';
import type { QaRecord } from '../model/record.js';
import type { RunFacts } from '../model/reporter.js';
import { cell as markdownCell, fenced } from '../model/markdown.js';

export const CHECK_OUTPUT_LIMIT = 65_535;
export const JOB_SUMMARY_LIMIT = 1024 * 1024 - 1024;
export const COMMENT_MARKER = '<!-- immutable-qa:sticky-comment -->';

export const CHECK_RUN_PREFIX = 'immutable-qa';
export function checkRunName(step: string): string {
  return step === CHECK_RUN_PREFIX ? step : `${CHECK_RUN_PREFIX} / ${step}`;
}

const ICON: Record<Conclusion, string> = {
  success: '✅',
  failure: '❌',
  timed_out: '⏱️',
  cancelled: '⊘',
  skipped: '⏭️',
  neutral: '➖',
};

/** What a report shows beside the steps: the run's facts and where the full report is. */
export interface ReportFacts extends RunFacts {
  runUrl?: string;
}

/** Escapes text for a markdown table cell, at most 300 characters. */
function cell(text: string): string {
  return markdownCell(text, 300);
}

/** Cuts markdown to `limit` chars, closing with a pointer to where the rest is. */
export function trim(markdown: string, limit: number, pointer: string): string {
  if (markdown.length <= limit) return markdown;
  const note = `\n\n… trimmed (${markdown.length - limit} more characters). ${pointer}`;
  return markdown.slice(0, limit - note.length) + note;
}

function facts(f: ReportFacts): string {
  const rows: string[] = [];
  if (f.image) rows.push(`| image | \`${f.image.ref}\` |`);
  for (const [name, url] of Object.entries(f.endpoints)) rows.push(`| endpoint \`${name}\` | ${url} |`);
  return rows.length ? `| | |\n|---|---|\n${rows.join('\n')}` : '';
}

export function stepTitle(step: StepResult): string {
  return `${ICON[step.conclusion]} ${step.conclusion.replace('_', ' ')} in ${formatDuration(step.durationMs)}: ${step.summary}`.slice(
    0,
    255,
  );
}

/** Output of one step's check run (build, environment or a check). */
export function renderStepOutput(
  step: PhaseResult | CheckResult,
  f: ReportFacts,
): { title: string; summary: string } {
  const parts = [
    `### ${ICON[step.conclusion]} ${step.name}: ${step.conclusion.replace('_', ' ')}`,
    cell(step.summary),
  ];
  const tests = 'tests' in step ? step.tests : undefined;
  if (tests)
    parts.push(
      `Tests: **${tests.passed}** passed, **${tests.failed}** failed, **${tests.skipped}** skipped of ${tests.total}.`,
    );
  if (step.annotations.length)
    parts.push(`${step.annotations.length} annotation(s), each on the file and line it names.`);
  parts.push(`Duration: ${formatDuration(step.durationMs)}`);
  const table = facts(f);
  if (table) parts.push(table);
  if (step.details) parts.push(step.details);
  if (step.logTail && step.conclusion !== 'success')
    parts.push(`<details open><summary>Log tail</summary>\n\n${fenced(step.logTail)}\n\n</details>`);
  const pointer = f.runUrl
    ? `The full report is in the [job summary](${f.runUrl}).`
    : 'The full report is in the job summary.';
  return { title: stepTitle(step), summary: trim(parts.join('\n\n'), CHECK_OUTPUT_LIMIT, pointer) };
}

function stepsTable(phases: PhaseResult[], checks: CheckResult[]): string {
  const rows = [
    ...phases.map(
      (p) =>
        `| ${ICON[p.conclusion]} | ${p.name} | phase | ${p.conclusion} | ${formatDuration(p.durationMs)} | ${cell(p.summary)} |`,
    ),
    ...checks.map(
      (c) =>
        `| ${ICON[c.conclusion]} | ${c.name} | ${c.kind}${c.required ? '' : ' (optional)'} | ${c.conclusion} | ${formatDuration(c.durationMs)} | ${cell(c.summary)} |`,
    ),
  ];
  return `| | step | kind | result | time | summary |\n|---|---|---|---|---|---|\n${rows.join('\n')}`;
}

function counts(checks: CheckResult[]): string {
  const by = (c: Conclusion): number => checks.filter((x) => x.conclusion === c).length;
  const parts = [`${by('success')} passed`, `${by('failure')} failed`];
  if (by('timed_out')) parts.push(`${by('timed_out')} timed out`);
  if (by('cancelled')) parts.push(`${by('cancelled')} cancelled`);
  if (by('skipped')) parts.push(`${by('skipped')} skipped`);
  return `${checks.length} checks: ${parts.join(', ')}`;
}

function headline(record: QaRecord): string {
  return record.verdict === 'passed' ? '✅ immutable-qa: passed' : '❌ immutable-qa: failed';
}

/** Output of the overall `immutable-qa` check run. */
export function renderOverallOutput(
  record: QaRecord,
  phases: PhaseResult[],
  checks: CheckResult[],
  f: ReportFacts,
) {
  const total =
    phases.reduce((s, p) => s + p.durationMs, 0) + Math.max(0, ...checks.map((c) => c.durationMs));
  const summary = [
    `## ${headline(record)}`,
    `${counts(checks)} · ${formatDuration(total)}${record.source.dirty ? ' · ⚠️ dirty working tree: never earns a tested tag' : ''}`,
    facts(f),
    stepsTable(phases, checks),
  ]
    .filter(Boolean)
    .join('\n\n');
  const pointer = f.runUrl
    ? `The full report is in the [job summary](${f.runUrl}).`
    : 'The full report is in the job summary.';
  return {
    title: `${record.verdict}: ${counts(checks)}`,
    summary: trim(summary, CHECK_OUTPUT_LIMIT, pointer),
  };
}

/** Mermaid gantt of the phases and checks (rendered by GitHub). */
export function renderTimeline(phases: PhaseResult[], checks: CheckResult[]): string {
  const steps: StepResult[] = [...phases, ...checks].filter((s) => s.conclusion !== 'skipped');
  if (!steps.length) return '';
  const line = (s: StepResult, i: number): string => {
    const tag = s.conclusion === 'success' ? 'done' : 'crit';
    const start = Date.parse(s.startedAt);
    const end = Math.max(Date.parse(s.completedAt), start + 1);
    return `    ${s.name.replace(/[:#;]/g, ' ')} :${tag}, s${i}, ${start}, ${end}`;
  };
  return [
    '```mermaid',
    'gantt',
    '    dateFormat x',
    '    axisFormat %M:%S',
    '    section phases',
    ...phases.filter((p) => p.conclusion !== 'skipped').map((p, i) => line(p, i)),
    '    section checks',
    ...checks.filter((c) => c.conclusion !== 'skipped').map((c, i) => line(c, phases.length + i)),
    '```',
  ].join('\n');
}

/** The job summary: the same tables, the timeline, each step's details. */
export function renderJobSummary(
  record: QaRecord,
  phases: PhaseResult[],
  checks: CheckResult[],
  f: ReportFacts,
): string {
  const sections = [
    `## ${headline(record)}`,
    `${counts(checks)}${record.source.pr ? ` · PR #${record.source.pr}` : ''} · commit \`${record.source.sha.slice(0, 12)}\`${record.source.dirty ? ' · ⚠️ dirty working tree' : ''}`,
    facts(f),
    stepsTable(phases, checks),
    '### Timeline',
    renderTimeline(phases, checks),
  ];
  for (const step of [...phases, ...checks]) {
    if (step.conclusion === 'success' && !step.details && !step.annotations.length) continue;
    const body = [step.details, step.logTail && step.conclusion !== 'success' ? fenced(step.logTail) : '']
      .filter(Boolean)
      .join('\n\n');
    const notes = step.annotations
      .slice(0, 200)
      .map((a) => `- **${a.level}** \`${a.path}:${a.startLine}\` ${cell(a.title ?? '')}: ${cell(a.message)}`)
      .join('\n');
    sections.push(
      `<details${step.conclusion === 'success' ? '' : ' open'}><summary>${ICON[step.conclusion]} ${step.name}</summary>\n\n${body}${notes ? `\n\n${notes}` : ''}\n\n</details>`,
    );
  }
  return trim(
    sections.filter(Boolean).join('\n\n'),
    JOB_SUMMARY_LIMIT,
    'See the check runs and the QA record artifact.',
  );
}

/** The sticky PR comment: found again by its hidden marker. */
export function renderComment(record: QaRecord, checks: CheckResult[], f: ReportFacts): string {
  const rows = checks.map(
    (c) => `| ${ICON[c.conclusion]} | ${c.name}${c.required ? '' : ' (optional)'} | ${cell(c.summary)} |`,
  );
  return [
    COMMENT_MARKER,
    `### ${headline(record)}`,
    `Tested \`${record.source.sha.slice(0, 12)}\`${f.runUrl ? ` in [run ${record.run?.id ?? ''}](${f.runUrl})` : ''}.`,
    facts(f),
    rows.length ? `| | check | summary |\n|---|---|---|\n${rows.join('\n')}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}
