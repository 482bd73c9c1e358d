// `run` checks: the user's shell command, in its own process group, output to a log file.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expand } from '../config/expand.js';
import { exec, tail } from '../exec.js';
import type { Check, CheckContext } from './context.js';
import type { CheckOutcome } from './runner.js';

/** Environment of a check: the runner's, minus other steps' secrets, plus ours, plus its own env. */
export function checkEnv(check: Check, variables: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('INPUT_') || k === 'ACTIONS_RUNTIME_TOKEN' || k === 'ACTIONS_ID_TOKEN_REQUEST_TOKEN')
      continue;
    env[k] = v;
  }
  Object.assign(env, variables);
  for (const [k, v] of Object.entries(check.env)) env[k] = expand(v, { ...variables, ...check.env });
  return env;
}

export function shellArgv(command: string): string[] {
  // Like GitHub's `shell: bash`: fail on the first error and inside pipelines.
  return ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c', command];
}

export async function runCommandCheck(check: Check, ctx: CheckContext): Promise<CheckOutcome> {
  const dir = join(ctx.reportDir, 'checks');
  await mkdir(dir, { recursive: true });
  const logFile = join(dir, `${check.name}.log`);
  const log = createWriteStream(logFile);
  const result = await exec(shellArgv(check.run ?? ''), {
    cwd: ctx.root,
    env: checkEnv(check, ctx.variables),
    timeoutMs: check.timeoutMs,
    signal: ctx.signal,
    onOutput: (chunk) => log.write(chunk),
    maxCapture: 64 * 1024,
  });
  await new Promise<void>((resolve) => log.end(resolve));
  const output = tail(`${result.stdout}${result.stderr ? `\n${result.stderr}` : ''}`, 40);
  if (result.timedOut)
    return {
      conclusion: 'timed_out',
      summary: `timed out after ${Math.round(check.timeoutMs / 1000)}s`,
      logTail: output,
      logFile,
    };
  if (result.aborted) return { conclusion: 'cancelled', summary: 'cancelled', logTail: output, logFile };
  if (result.code !== 0)
    return {
      conclusion: 'failure',
      summary: `exited with ${result.code ?? result.signal}`,
      logTail: output,
      logFile,
    };
  return { conclusion: 'success', summary: 'exited with 0', logTail: output, logFile };
}
