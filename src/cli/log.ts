import { plainText } from '../model/plain-text.js';
import { printInert, type Logger } from '../model/log.js';

/**
 * The CLI's logger: progress to stderr so stdout stays clean for --json. In a workflow step
 * (`run: npx immutable-qa qa`) the runner reads stderr for workflow commands too: text is inert there.
 */
export function stderrLogger(
  verbose = process.env.IMMUTABLE_QA_DEBUG === '1',
  inWorkflow = process.env.GITHUB_ACTIONS === 'true',
): Logger {
  // Much of what is printed comes from the code under test (build output, compose logs, check
  // output): its terminal escapes (cursor moves, colours, title changes) are not sent on.
  const line = (text: string): void => void process.stderr.write(`${plainText(text)}\n`);
  const write = (text: string): void => (inWorkflow ? printInert(text, line) : line(text));
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
