// Live output of running checks, the way `docker compose up` shows its services: every line of a
// check's output as it comes, prefixed with the check's name, and a heartbeat naming what still
// runs when all of them have been quiet for a while (a user never stares at a silent terminal).
import { StringDecoder } from 'node:string_decoder';
import { plainText } from '../model/plain-text.js';

export interface LiveOptions {
  /** Where each finished line goes (the CLI's stderr). */
  write: (line: string) => void;
  /** Quiet this long → one heartbeat line; default 10 s. */
  quietMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

/** Longer lines (a minified bundle, a base64 blob) are cut: the log file keeps them whole. */
const MAX_LINE = 2000;

export interface LiveOutput {
  /** The output sink of one running check: call with each chunk, then end(). */
  start(check: string): { output(chunk: Buffer | string): void; end(): void };
  /** Stops the heartbeat. */
  close(): void;
}

export function liveOutput(names: readonly string[], options: LiveOptions): LiveOutput {
  const now = options.now ?? Date.now;
  const quietMs = options.quietMs ?? 10_000;
  const width = Math.max(0, ...names.map((n) => n.length));
  const running = new Map<string, number>();
  let lastWrite = now();
  const emit = (line: string): void => {
    lastWrite = now();
    options.write(line);
  };
  const heartbeat = setInterval(
    () => {
      if (running.size === 0 || now() - lastWrite < quietMs) return;
      const list = [...running].map(([name, since]) => `${name} (${Math.round((now() - since) / 1000)} s)`);
      emit(`… still running: ${list.join(', ')}`);
    },
    Math.max(50, Math.floor(quietMs / 4)),
  );
  heartbeat.unref();

  return {
    start(check) {
      running.set(check, now());
      const prefix = `${check.padEnd(width)} | `;
      let partial = '';
      // A character split between two chunks is joined again, not shown as two broken ones.
      const decoder = new StringDecoder('utf8');
      const line = (text: string): void => {
        // Terminal escapes from the code under test (colours, cursor moves, title changes) are not ours to send.
        // Made plain here, before the prefix and the cut: a \r redraw would otherwise erase the prefix, and
        // escapes would count towards MAX_LINE (the CLI logger's own pass cannot undo either).
        const plain = plainText(text);
        emit(`${prefix}${plain.length > MAX_LINE ? `${plain.slice(0, MAX_LINE)}…` : plain}`);
      };
      return {
        output(chunk) {
          const parts = (partial + (typeof chunk === 'string' ? chunk : decoder.write(chunk))).split('\n');
          partial = parts.pop() ?? '';
          for (const part of parts) line(part);
          if (partial.length > MAX_LINE) {
            line(partial);
            partial = '';
          }
        },
        end() {
          partial += decoder.end();
          if (partial) line(partial);
          partial = '';
          running.delete(check);
        },
      };
    },
    close: () => clearInterval(heartbeat),
  };
}
