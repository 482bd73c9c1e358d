// Durations in the config are `<integer><unit>` with unit ms, s, m or h (`500ms`, `90s`, `2m`, `1h`).
import { UsageError } from '../model/errors.js';
import { DURATION } from './schema.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Parses `90s`, `2m`, `1h`, `500ms` into milliseconds; throws on anything else. */
export function parseDuration(s: string): number {
  const match = DURATION.exec(s.trim());
  if (!match)
    throw new Error(`invalid duration ${JSON.stringify(s)}: expected a duration like 90s, 2m or 1h`);
  const [, amount, unit] = match;
  return Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
}

/** `--older-than` / the `older-than` input: undefined when empty, else a duration in ms (UsageError otherwise). */
export function parseOlderThan(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return parseDuration(value);
  } catch {
    throw new UsageError(`--older-than expects a duration like 90s, 2m, 24h (got "${value}")`);
  }
}

/** Formats milliseconds for humans: `500ms`, `1.5s`, `42s`, `2m`, `1m30s`, `1h5m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) {
    const seconds = Math.round(ms / 100) / 10;
    return seconds < 60 ? `${seconds}s` : '1m';
  }
  const totalSeconds = Math.round(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}` || '0s';
}
