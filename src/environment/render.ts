// The compose files of a config rendered by compose itself (`compose config`), before anything is
// built or started: `validate` (and qa's config phase) check endpoints against the services and
// ports compose will really create. `config` reads files only; it never contacts the engine.
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { isNode, LineCounter, parse, parseDocument } from 'yaml';
import type { ComposeRender, RenderedPort, RenderedService } from '../config/rendered.js';
import type { Config } from '../config/schema.js';
import { dockerBin, engineExec } from '../exec/docker.js';
import { tail } from '../exec/exec.js';
import { buildOf, composeArgv, composeCommand, type ComposeVersion } from './compose-args.js';
import { composeBackend } from './compose.js';

/** The project the definition is rendered under: only names in the output depend on it. */
const RENDER_PROJECT = 'iqa-validate';
const RENDER_TIMEOUT_MS = 30_000;

/**
 * The variables compose interpolates at `up` (pipeline/environment.ts environmentSpec), with
 * stand-ins: the digest is not known before the build. `${IMMUTABLE_QA_IMAGE:?…}` then renders.
 */
export function placeholderVariables(config: Pick<Config, 'image'>): Record<string, string> {
  const digest = `sha256:${'0'.repeat(64)}`;
  return {
    IMMUTABLE_QA_IMAGE: `${config.image.repository}@${digest}`,
    IMMUTABLE_QA_DIGEST: digest,
    IMMUTABLE_QA_PROJECT: RENDER_PROJECT,
  };
}

export interface RenderOptions {
  /** Which compose; default: v2 when the plugin answers, else v1 (as the environment phase chooses). */
  version?: ComposeVersion;
  signal?: AbortSignal;
}

/** Renders config.environment.composeFiles with compose; never throws for a file compose rejects. */
export async function renderCompose(config: Config, options: RenderOptions = {}): Promise<ComposeRender> {
  let version: ComposeVersion;
  try {
    version = options.version ?? (await composeBackend()).version;
  } catch (error) {
    return { kind: 'unavailable', reason: (error as Error).message };
  }
  const files = config.environment.composeFiles;
  const argv = composeArgv(
    { version, dockerBin: dockerBin(), project: RENDER_PROJECT, root: config.root, files },
    composeCommand.config(),
  );
  let result;
  try {
    result = await engineExec(argv, {
      cwd: config.root,
      env: { ...process.env, ...placeholderVariables(config) },
      timeoutMs: RENDER_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    // The binary is missing (or the engine, which `config` does not need, did not answer).
    return { kind: 'unavailable', reason: (error as Error).message };
  }
  if (result.timedOut)
    return {
      kind: 'unavailable',
      reason: `compose config did not answer within ${RENDER_TIMEOUT_MS / 1000}s`,
    };
  if (result.code !== 0) {
    const message = tail(result.stderr || result.stdout, 5)
      .trim()
      .replace(/\s*\n\s*/g, '; ')
      .replace(/[.;:]+$/, '');
    const fileIndex = namedFile(message, files, config.root);
    return { kind: 'invalid', message, ...(fileIndex !== undefined ? { fileIndex } : {}) };
  }
  try {
    const services = servicesOf(parse(result.stdout), config.root);
    for (const [name, service] of Object.entries(services))
      if (service.build) {
        const at = await buildLine(files, name, config.root);
        if (at) service.build.at = at;
      }
    return { kind: 'rendered', services };
  } catch (error) {
    return { kind: 'invalid', message: `cannot read what compose rendered: ${(error as Error).message}` };
  }
}

/** Which of the files an error message names (by path, path relative to the root, or base name). */
function namedFile(message: string, files: readonly string[], root: string): number | undefined {
  const forms = (file: string): string[] => [
    file,
    path.relative(root, file),
    `./${path.relative(root, file)}`,
  ];
  let found: number | undefined;
  files.forEach((file, index) => {
    if (found === undefined && forms(file).some((form) => message.includes(form))) found = index;
  });
  if (found !== undefined) return found;
  const byBase = files.map((f) => path.basename(f));
  const matches = byBase.flatMap((base, index) => (message.includes(base) ? [index] : []));
  return matches.length === 1 ? matches[0] : undefined;
}

/** The services of a rendered definition (v2's long port syntax, or v1's mix of short and long). */
export function servicesOf(definition: unknown, root = '/'): Record<string, RenderedService> {
  const services = isRecord(definition) && isRecord(definition.services) ? definition.services : {};
  const out: Record<string, RenderedService> = {};
  for (const [name, service] of Object.entries(services)) {
    const ports = isRecord(service) && Array.isArray(service.ports) ? (service.ports as unknown[]) : [];
    out[name] = { ports: ports.flatMap(parsePort) };
    const build = buildOf(service, root);
    if (build)
      out[name].build = {
        ...build,
        ...(isRecord(service) && typeof service.image === 'string' ? { image: service.image } : {}),
      };
  }
  return out;
}

/** `compose.yml:12`: where the last of the files that gives `services.<name>.build` says it. */
async function buildLine(
  files: readonly string[],
  service: string,
  root: string,
): Promise<string | undefined> {
  let found: string | undefined;
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines });
    const node = doc.getIn(['services', service, 'build'], true);
    const range = isNode(node) ? node.range : undefined;
    if (range) found = `${path.relative(root, file)}:${lines.linePos(range[0]).line}`;
  }
  return found;
}

/**
 * One entry of a service's `ports`: `8080`, `"9000:8080"`, `"127.0.0.1:9000:8080/udp"`,
 * `"3000-3001"`, or `{ target, published, protocol }` → the container ports it publishes.
 */
export function parsePort(entry: unknown): RenderedPort[] {
  if (typeof entry === 'number') return Number.isInteger(entry) ? [{ target: entry, protocol: 'tcp' }] : [];
  if (isRecord(entry)) {
    const target = Number(entry.target);
    const protocol = typeof entry.protocol === 'string' ? entry.protocol.toLowerCase() : 'tcp';
    return Number.isInteger(target) && target > 0 ? [{ target, protocol }] : [];
  }
  if (typeof entry !== 'string') return [];
  const [spec = '', protocol = 'tcp'] = entry.trim().split('/');
  // The container part is after the last colon that is not inside an IPv6 [host].
  const container =
    spec
      .replace(/^\[[^\]]*\]:/, '')
      .split(':')
      .pop() ?? '';
  const range = /^(\d+)(?:-(\d+))?$/.exec(container);
  if (!range) return [];
  const first = Number(range[1]);
  const last = range[2] === undefined ? first : Number(range[2]);
  if (last < first || last - first > 65535) return [];
  return Array.from({ length: last - first + 1 }, (_, i) => ({
    target: first + i,
    protocol: protocol.toLowerCase(),
  }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
