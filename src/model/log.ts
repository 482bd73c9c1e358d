// The logging port: the action (action/log.ts, workflow commands) and the CLI (cli/log.ts, stderr)
// implement it; memoryLogger records lines for tests and for capturing a phase's tail.
import { randomBytes } from 'node:crypto';

export interface Logger {
  info(message: string): void;
  debug(message: string): void;
  warning(message: string, props?: AnnotationProps): void;
  error(message: string, props?: AnnotationProps): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export interface AnnotationProps {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
}

/**
 * Text from the code under test (check output, build output, service logs, HTTP bodies) that an
 * Actions runner reads from our stdout or stderr would be executed where a line looks like a
 * workflow command (::set-output, ::add-mask, ::save-state, ##[…]): such text is written inside
 * ::stop-commands:: with a token nobody could have seen.
 */
/** Could the runner read a command in this text? Both syntaxes it parses: `::name…::` and `##[name…]`. */
const COMMAND_LIKE = /::|##\[/;

export function printInert(text: string, write: (line: string) => void): void {
  if (!COMMAND_LIKE.test(text)) {
    write(text);
    return;
  }
  // Fresh per block and printed only after the text exists: the text cannot contain the resume line.
  const token = randomBytes(16).toString('hex');
  write(`::stop-commands::${token}`);
  write(text);
  write(`::${token}::`);
}

/** How many warning and error annotations a step has shown (GitHub keeps 10 of each per step). */
export interface AnnotationCounts {
  warning: number;
  error: number;
}

/** `inner`, counting its warnings and errors: what is left of the step's annotation budget. */
export function countingLogger(inner: Logger): Logger & { shown: AnnotationCounts } {
  const shown: AnnotationCounts = { warning: 0, error: 0 };
  return {
    shown,
    info: (m) => inner.info(m),
    debug: (m) => inner.debug(m),
    warning: (m, p) => {
      shown.warning++;
      inner.warning(m, p);
    },
    error: (m, p) => {
      shown.error++;
      inner.error(m, p);
    },
    group: (name, fn) => inner.group(name, fn),
  };
}

/** A logger that records lines; for tests and for capturing a phase's tail. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => void lines.push(m),
    debug: () => undefined,
    warning: (m) => void lines.push(`warning: ${m}`),
    error: (m) => void lines.push(`error: ${m}`),
    group: async (name, fn) => {
      lines.push(`group: ${name}`);
      return fn();
    },
  };
}
