// Whether a process a test started (or one it left behind) is still alive.
import { readFileSync } from 'node:fs';

/** Alive and not a zombie (an exited process its new parent has not reaped yet is dead). */
export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}
