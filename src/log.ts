// One logging surface for the action (workflow commands via @actions/core) and the CLI (stderr).
import * as core from '@actions/core';

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

export const actionsLogger: Logger = {
  info: (m) => core.info(m),
  debug: (m) => core.debug(m),
  warning: (m, p) => core.warning(m, p),
  error: (m, p) => core.error(m, p),
  group: (name, fn) => core.group(name, fn),
};

/** The CLI's logger: progress to stderr so stdout stays clean for --json. */
export function stderrLogger(verbose = process.env.IMMUTABLE_QA_DEBUG === '1'): Logger {
  const write = (line: string): void => void process.stderr.write(`${line}\n`);
  return {
    info: (m) => write(m),
    debug: (m) => (verbose ? write(`debug: ${m}`) : undefined),
    warning: (m, p) =>
      write(`warning: ${p?.file ? `${p.file}${p.startLine ? `:${p.startLine}` : ''}: ` : ''}${m}`),
    error: (m, p) =>
      write(`error: ${p?.file ? `${p.file}${p.startLine ? `:${p.startLine}` : ''}: ` : ''}${m}`),
    group: async (name, fn) => {
      write(`── ${name}`);
      return fn();
    },
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
