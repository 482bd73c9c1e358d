// Rules zod cannot express: unique and unreserved check names, exactly one kind per check, compose
// files that exist. They run on the raw data, so they are reported together with the schema's issues.
import { statSync } from 'node:fs';
import path from 'node:path';
import { CHECK_KINDS } from '../model/results.js';
import { formatPath, isRecord, type Report } from './issues.js';
import type { ConfigPath } from './locate.js';
import { RESERVED_CHECK_NAMES } from './schema.js';

type Path = ConfigPath;

/** Rules zod cannot express; they run on the raw data so they are reported along with schema issues. */
export function structuralRules(data: Record<string, unknown>, root: string, at: Report): void {
  const checks = data.checks;
  if (Array.isArray(checks)) {
    const seen = new Map<string, number>();
    checks.forEach((check: unknown, index) => {
      if (!isRecord(check)) return;
      const name = typeof check.name === 'string' ? check.name : undefined;
      const label = name !== undefined ? `check "${name}"` : `check #${index + 1}`;
      if (name !== undefined && (RESERVED_CHECK_NAMES as readonly string[]).includes(name)) {
        at(
          ['checks', index, 'name'],
          `checks[${index}].name: "${name}" is a reserved name (${RESERVED_CHECK_NAMES.join(', ')} are the phase and overall check runs); rename the check, e.g. "${name}-check"`,
        );
      } else if (name !== undefined) {
        const first = seen.get(name);
        if (first !== undefined) {
          at(
            ['checks', index, 'name'],
            `checks[${index}].name: duplicate check name "${name}" (already used by checks[${first}]); give every check a unique name`,
          );
        } else seen.set(name, index);
      }
      const kinds = CHECK_KINDS.filter((k) => k in check);
      if (kinds.length !== 1) {
        const has = kinds.length === 0 ? 'it has none' : `it has ${kinds.join(' and ')}`;
        const where: Path = kinds.length === 0 ? ['checks', index] : ['checks', index, kinds[1]!];
        at(
          where,
          `${formatPath(where)}: ${label} must have exactly one of run, http, load, drift (${has})`,
          kinds.length > 1,
        );
      }
    });
  }

  const environment = data.environment;
  if (isRecord(environment)) {
    const compose = environment.compose;
    const files: Array<{ file: string; where: Path }> =
      typeof compose === 'string'
        ? [{ file: compose, where: ['environment', 'compose'] }]
        : Array.isArray(compose)
          ? compose.flatMap((f: unknown, i) =>
              typeof f === 'string' ? [{ file: f, where: ['environment', 'compose', i] }] : [],
            )
          : [];
    for (const { file, where } of files) {
      if (!file) continue;
      const resolved = path.resolve(root, file);
      let problem: string | undefined;
      try {
        if (!statSync(resolved).isFile()) problem = 'is not a file';
      } catch {
        problem = 'does not exist';
      }
      if (problem) {
        at(
          where,
          `${formatPath(where)}: compose file "${file}" ${problem} (looked for ${resolved}; paths are relative to the repository root ${root})`,
        );
      }
    }
  }
}
