// The logging port: the action (action/log.ts, workflow commands) and the CLI (cli/log.ts, stderr)
// implement it; memoryLogger records lines for tests and for capturing a phase's tail.

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
