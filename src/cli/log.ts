import type { Logger } from '../model/log.js';

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
