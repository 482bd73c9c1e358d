// `run` checks: the user's shell command, in its own process group, output to a log file. The check
// ends when the shell exits (anything it left running is stopped then), or at its timeout.
import { isAbsolute, relative } from 'node:path';
import { exec, tail } from '../exec/exec.js';
import { collectReports } from '../reports/collect.js';
import { boundAnnotations } from '../reports/bound.js';
import { judgeReports } from '../reports/judge.js';
import type { RunCheck } from '../config/schema.js';
import type { CheckContext, CheckOutcome } from './handler.js';
import { checkDockerConfig, checkEnv, shellArgv } from './env.js';
import { openCheckLog } from './log-file.js';

export async function runCommandCheck(check: RunCheck, ctx: CheckContext): Promise<CheckOutcome> {
  const log = await openCheckLog(ctx.reportDir, check.name);
  const logFile = log.file;
  // Reports older than this are an earlier run's (reports/collect.ts).
  const started = Date.now();
  const result = await exec(shellArgv(check.run), {
    cwd: ctx.root,
    // Its docker CLI sees the same plugins and context as ours, and no registry login.
    // (kept out of the report dir, which users upload: its plugin links would take the binaries)
    env: checkEnv(check, ctx.variables, {
      dockerConfig: await checkDockerConfig(ctx.workDir ?? log.dir),
      withhold: Object.values(ctx.config.image?.secrets ?? {}),
    }),
    timeoutMs: check.timeoutMs,
    signal: ctx.signal,
    onOutput: (chunk) => {
      log.write(chunk);
      ctx.output?.(chunk);
    },
    maxCapture: 64 * 1024,
  });
  await log.close();
  // The check ended when its shell exited; what it left running was stopped then (exec.ts).
  const left =
    result.leftovers > 0
      ? `; stopped ${result.leftovers} process${result.leftovers === 1 ? '' : 'es'} it left running`
      : '';
  const output = tail(`${result.stdout}${result.stderr ? `\n${result.stderr}` : ''}`, 40);
  let outcome: CheckOutcome;
  if (result.timedOut)
    outcome = {
      conclusion: 'timed_out',
      summary: `timed out after ${Math.round(check.timeoutMs / 1000)}s`,
      logTail: output,
      logFile,
    };
  else if (result.aborted)
    outcome = { conclusion: 'cancelled', summary: 'cancelled', logTail: output, logFile };
  else if (result.code !== 0)
    outcome = {
      conclusion: 'failure',
      summary: `exited with ${result.code ?? result.signal}${left}`,
      logTail: output,
      logFile,
    };
  else outcome = { conclusion: 'success', summary: `exited with 0${left}`, logTail: output, logFile };

  if (check.reports.junit.length === 0 && check.reports.sarif.length === 0) return outcome;
  // Patterns are absolute after config load; match them relative to the root so messages show them as written.
  const shown = (p: string): string => {
    const rel = relative(ctx.root, p);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
  };
  const collected = await collectReports(
    ctx.root,
    { junit: check.reports.junit.map(shown), sarif: check.reports.sarif.map(shown) },
    { notBefore: started },
  );
  const judged = judgeReports(collected, check.reports['sarif-fail-on']);
  const limit = check.reports['annotations-limit'];
  const bounded = boundAnnotations(judged.annotations, limit);
  const omitted = bounded.omitted
    ? [
        `${bounded.omitted} more annotation(s) not sent (annotations-limit ${limit}, the most severe first): the report files have them all`,
      ]
    : [];
  return {
    ...outcome,
    // Reports decide only a command that succeeded: a timeout or a crash stays what it was.
    conclusion: outcome.conclusion === 'success' && judged.failures.length ? 'failure' : outcome.conclusion,
    summary: [outcome.summary, ...judged.failures, ...judged.notes, ...omitted].join('; '),
    details: judged.details,
    annotations: bounded.annotations,
    ...(judged.tests ? { tests: judged.tests } : {}),
  };
}
