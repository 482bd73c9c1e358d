// The compose files of a config rendered by compose itself (`compose config`), before anything is
// built or started: `validate` (and qa's config phase) check endpoints against the services and
// ports compose will really create. `config` reads files only; it never contacts the engine.
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { isNode, isSeq, LineCounter, parse, parseDocument, type Document } from 'yaml';
import type { ComposeRender, RenderedPort, RenderedService, SharedResource } from '../config/rendered.js';
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
    const definition: unknown = parse(result.stdout);
    const services = servicesOf(definition, config.root);
    const shared = sharedResources(definition);
    const written = await writtenFiles(files, config.root);
    for (const [name, service] of Object.entries(services)) {
      if (service.build) {
        const at = lineOf(written, ['services', name, 'build']);
        if (at) service.build.at = at;
      }
      if (service.containerName) {
        const at = lineOf(written, ['services', name, 'container_name']);
        if (at) service.containerName.at = at;
      }
      for (const port of service.ports) {
        if (port.published === undefined) continue;
        const at = portLine(written, name, port) ?? lineOf(written, ['services', name, 'ports']);
        if (at) port.at = at;
      }
    }
    for (const resource of shared) {
      const at = [`${resource.kind}s`, resource.key];
      const line = lineOf(written, [...at, resource.external ? 'external' : 'name']) ?? lineOf(written, at);
      if (line) resource.at = line;
    }
    return { kind: 'rendered', services, ...(shared.length ? { shared } : {}) };
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

/**
 * The services of a rendered definition (v2's long port syntax, or v1's mix of short and long).
 * `project` is the name it was rendered under: a container_name that includes it is per environment.
 */
export function servicesOf(
  definition: unknown,
  root = '/',
  project = RENDER_PROJECT,
): Record<string, RenderedService> {
  const services = isRecord(definition) && isRecord(definition.services) ? definition.services : {};
  const out: Record<string, RenderedService> = {};
  for (const [name, service] of Object.entries(services)) {
    const ports = isRecord(service) && Array.isArray(service.ports) ? (service.ports as unknown[]) : [];
    out[name] = { ports: ports.flatMap(parsePort) };
    const containerName = isRecord(service) ? service.container_name : undefined;
    if (typeof containerName === 'string' && containerName !== '' && !containerName.includes(project))
      out[name].containerName = { name: containerName };
    const build = buildOf(service, root);
    if (build)
      out[name].build = {
        ...build,
        ...(isRecord(service) && typeof service.image === 'string' ? { image: service.image } : {}),
      };
  }
  return out;
}

/**
 * The volumes and networks of a rendered definition that every environment would share (pure):
 * external ones, and those whose name: does not include `project` (v2 renders every name, as
 * `<project>_<key>` unless the file gives one; v1 renders only the names the files give).
 */
export function sharedResources(definition: unknown, project = RENDER_PROJECT): SharedResource[] {
  const out: SharedResource[] = [];
  for (const kind of ['volume', 'network'] as const) {
    const section = isRecord(definition) ? definition[`${kind}s`] : undefined;
    if (!isRecord(section)) continue;
    for (const [key, raw] of Object.entries(section)) {
      if (!isRecord(raw)) continue;
      const external = raw.external !== undefined && raw.external !== false && raw.external !== null;
      // v1's legacy form: external: { name: … }.
      const legacy =
        isRecord(raw.external) && typeof raw.external.name === 'string' ? raw.external.name : undefined;
      const name = typeof raw.name === 'string' && raw.name !== '' ? raw.name : undefined;
      if (external) out.push({ kind, key, name: name ?? legacy ?? key, external: true });
      else if (name !== undefined && !name.includes(project)) out.push({ kind, key, name, external: false });
    }
  }
  return out;
}

/** A compose file as written, with line positions (files that cannot be read or parsed are left out). */
interface WrittenFile {
  shown: string;
  doc: Document;
  lines: LineCounter;
}

async function writtenFiles(files: readonly string[], root: string): Promise<WrittenFile[]> {
  const out: WrittenFile[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const lines = new LineCounter();
    out.push({ shown: path.relative(root, file), doc: parseDocument(text, { lineCounter: lines }), lines });
  }
  return out;
}

/** `compose.yml:12`: where the last of the files that gives `at` says it (the one that wins). */
function lineOf(files: readonly WrittenFile[], at: readonly (string | number)[]): string | undefined {
  let found: string | undefined;
  for (const { shown, doc, lines } of files) {
    const node = doc.getIn(at, true);
    const range = isNode(node) ? node.range : undefined;
    if (range) found = `${shown}:${lines.linePos(range[0]).line}`;
  }
  return found;
}

/** The line of the `ports` entry, as written, that publishes `port` (undefined when none parses to it: interpolated). */
function portLine(files: readonly WrittenFile[], service: string, port: RenderedPort): string | undefined {
  let found: string | undefined;
  for (const { shown, doc, lines } of files) {
    const ports = doc.getIn(['services', service, 'ports'], true);
    if (!isSeq(ports)) continue;
    for (const item of ports.items) {
      const value: unknown = isNode(item) ? item.toJSON() : item;
      const range = isNode(item) ? item.range : undefined;
      const match = parsePort(value).some(
        (p) => p.target === port.target && p.published === port.published && p.protocol === port.protocol,
      );
      if (match && range) found = `${shown}:${lines.linePos(range[0]).line}`;
    }
  }
  return found;
}

/**
 * One entry of a service's `ports`: `8080`, `"9000:8080"`, `"127.0.0.1:9000:8080/udp"`,
 * `"3000-3001"`, or `{ target, published, protocol }` → the container ports it publishes, each
 * with its fixed host port when the entry names one (`published`): `"3000:3000"`, `"7000-7001:7000-7001"`,
 * `{ published: 3000 }`. No host port, `0`, or a host range for one container port: the engine picks.
 */
export function parsePort(entry: unknown): RenderedPort[] {
  if (typeof entry === 'number') return Number.isInteger(entry) ? [{ target: entry, protocol: 'tcp' }] : [];
  if (isRecord(entry)) {
    const target = Number(entry.target);
    const protocol = typeof entry.protocol === 'string' ? entry.protocol.toLowerCase() : 'tcp';
    if (!Number.isInteger(target) || target <= 0) return [];
    const host = portRange(typeof entry.published === 'number' ? String(entry.published) : entry.published);
    const published = host && host.first === host.last && host.first > 0 ? host.first : undefined;
    return [{ target, protocol, ...(published !== undefined ? { published } : {}) }];
  }
  if (typeof entry !== 'string') return [];
  const [spec = '', protocol = 'tcp'] = entry.trim().split('/');
  // The container part is after the last colon that is not inside an IPv6 [host]; the host port
  // is the part before it (after a host IP, if any).
  const parts = spec.replace(/^\[[^\]]*\]:/, '').split(':');
  const container = portRange(parts.pop());
  if (!container) return [];
  const host = parts.length ? portRange(parts[parts.length - 1]) : undefined;
  const count = container.last - container.first + 1;
  // A host range as long as the container range maps port to port; a longer one lets the engine pick.
  const fixed = host !== undefined && host.first > 0 && host.last - host.first + 1 === count;
  return Array.from({ length: count }, (_, i) => ({
    target: container.first + i,
    protocol: protocol.toLowerCase(),
    ...(fixed ? { published: host.first + i } : {}),
  }));
}

/** `"3000"` or `"3000-3005"` → { first, last }; anything else (empty, interpolated) → undefined. */
function portRange(text: unknown): { first: number; last: number } | undefined {
  if (typeof text !== 'string') return undefined;
  const range = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!range) return undefined;
  const first = Number(range[1]);
  const last = range[2] === undefined ? first : Number(range[2]);
  if (last < first || last - first > 65535) return undefined;
  return { first, last };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
