// Build secrets (image.secrets: id → the name of an environment variable). The value reaches buildx
// only through its environment (`--secret id=<id>,env=<NAME>` is all the argv holds) and BuildKit
// mounts it for one RUN, never into a layer. What we show of the build (the streamed log, the tail
// in the phase result and the QA record) is redacted, in case a RUN prints it.

/** What image.secrets resolves to in an environment. */
export interface ResolvedSecrets {
  /** The argv side: ids and variable names, in config order. */
  entries: Array<{ id: string; env: string }>;
  /** The values, for redaction only. */
  values: string[];
  /** Ids whose variable is not set (the build cannot have them). */
  missing: Array<{ id: string; env: string }>;
  /** Ids whose variable is set but empty (a workflow run from a fork gets no secrets). */
  empty: Array<{ id: string; env: string }>;
}

export function resolveSecrets(
  secrets: Readonly<Record<string, string>>,
  env: NodeJS.ProcessEnv,
): ResolvedSecrets {
  const out: ResolvedSecrets = { entries: [], values: [], missing: [], empty: [] };
  for (const [id, name] of Object.entries(secrets)) {
    const value = Object.hasOwn(env, name) ? env[name] : undefined;
    if (value === undefined) {
      out.missing.push({ id, env: name });
      continue;
    }
    if (value === '') out.empty.push({ id, env: name });
    out.entries.push({ id, env: name });
    if (value) out.values.push(value);
  }
  return out;
}

// The redaction itself (REDACTED, redactor, redactedLines) is model/redact.ts, shared with the
// registry client's scrub(); exported here too, as the build's secrets module always has.
export { REDACTED, redactedLines, redactor } from '../model/redact.js';
