// A check's log file, <report dir>/checks/<name>.log, made here only: a run check streams its
// output into it as it comes (command.ts); a built-in check (http, load, drift) or one that ended
// without its own log gets its summary, log tail and details written there once it ended
// (runner.ts), so the report dir holds every check's output.
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { WriteError } from '../model/errors.js';
import type { CheckResult } from '../model/results.js';

/** The report dir's checks/ (made) and the check's log file in it. */
async function checkLogPath(reportDir: string, name: string): Promise<{ dir: string; file: string }> {
  const dir = join(reportDir, 'checks');
  await mkdir(dir, { recursive: true });
  return { dir, file: join(dir, `${name}.log`) };
}

export interface CheckLog {
  /** The report dir's checks/. */
  dir: string;
  file: string;
  /** Appends output; after a failed write nothing more is written. */
  write(chunk: Buffer | string): void;
  /** Ends the file; a write that failed meanwhile is a WriteError naming the file. */
  close(): Promise<void>;
}

/** The streamed log of a run check, opened (created or emptied) now. */
export async function openCheckLog(reportDir: string, name: string): Promise<CheckLog> {
  const { dir, file } = await checkLogPath(reportDir, name);
  const log = createWriteStream(file);
  // A full disk or a vanished directory must not crash the process (an unhandled 'error' event):
  // the check still runs to its end, then the run ends as an infrastructure error naming the file.
  let logError: unknown;
  log.on('error', (error) => (logError ??= error));
  return {
    dir,
    file,
    write: (chunk) => {
      if (logError === undefined) log.write(chunk);
    },
    close: async () => {
      log.end();
      await finished(log).catch(() => undefined);
      if (logError !== undefined) throw new WriteError(file, logError);
    },
  };
}

/**
 * The result with its log written whole (summary, log tail, details), for a check that ended
 * without a log file of its own. Unwritable: the result as it was.
 */
export async function withLogFile(result: CheckResult, reportDir: string): Promise<CheckResult> {
  const text = [result.summary, result.logTail, result.details].filter(Boolean).join('\n\n');
  try {
    const { file } = await checkLogPath(reportDir, result.name);
    await writeFile(file, `${text}\n`);
    return { ...result, logFile: file };
  } catch {
    return result; // the record still has the tail; a run check's unwritable log is the one that fails the run
  }
}
