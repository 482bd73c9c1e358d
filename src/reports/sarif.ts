// SARIF 2.1.0 (trivy, grype, CodeQL, semgrep…) into the one FindingReport model.
// A log must pass the SARIF 2.1.0 schema (sarif-schema.ts) or it is an unreadable report.
// Level resolution follows the spec (§3.27.10): result.level, else "none" for a result whose
// kind is not "fail", else the rule's defaultConfiguration.level, else "warning".
// Not findings: suppressed results (accepted or status-less suppressions), results that passed or
// did not apply (kind "pass" / "notApplicable", §3.27.9) and results fixed since the baseline
// (baselineState "absent", §3.27.24).
// Only file locations become paths: a non-file URI (https:, host:, a URI under a non-file
// uriBaseId) or an empty URI leaves the finding without a path (it is annotated on the report),
// its message saying where the tool put it; so does a path that the repository paths cannot bring
// inside the checkout (`../x`, an absolute path elsewhere), once collect has tried
// (keepInRepository).
import type { Finding, FindingLevel, FindingReport } from './model.js';
import { ReportParseError } from './parse-error.js';
import { normalizeFile } from './location.js';
import { sarifSchemaProblems } from './sarif-schema.js';

type Json = Record<string, unknown>;

const LEVELS: readonly FindingLevel[] = ['error', 'warning', 'note', 'none'];

const obj = (v: unknown): Json | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
const level = (v: unknown): FindingLevel | undefined =>
  LEVELS.includes(v as FindingLevel) ? (v as FindingLevel) : undefined;

interface Run {
  components: Json[];
  artifacts: unknown[];
  /** run.originalUriBaseIds: uriBaseId → artifactLocation of the base. */
  bases: Json | undefined;
}

/** The rule of a result: by toolComponent + index (CodeQL puts rules in extensions), else by id. */
function ruleOf(result: Json, run: Run): Json | undefined {
  const ref = obj(result.rule);
  const componentIndex = int(obj(ref?.toolComponent)?.index);
  const component = componentIndex !== undefined ? run.components[componentIndex + 1] : run.components[0];
  const index = int(ref?.index) ?? int(result.ruleIndex);
  if (component && index !== undefined) {
    const rule = obj(arr(component.rules)[index]);
    if (rule) return rule;
  }
  const id = str(result.ruleId) ?? str(ref?.id);
  if (id === undefined) return undefined;
  for (const c of run.components) {
    const rule = arr(c.rules)
      .map(obj)
      .find((r) => r?.id === id);
    if (rule) return rule;
  }
  // Hierarchical ids ("js/xss/subrule") fall back to their base rule.
  const base = id.split('/').slice(0, -1).join('/');
  if (base && base !== id) return ruleOf({ ruleId: base }, run);
  return undefined;
}

function formatArguments(template: string, args: unknown[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, n: string) => {
    const a = args[Number(n)];
    return typeof a === 'string' || typeof a === 'number' ? String(a) : whole;
  });
}

/** CodeQL writes "[user-provided value](1)" links to related locations; keep the text. */
const unlink = (s: string): string => s.replace(/\[([^\]\n]+)\]\((\d+)\)/g, '$1');

function messageOf(result: Json, rule: Json | undefined, run: Run): string {
  const message = obj(result.message);
  const text = str(message?.text) ?? str(message?.markdown);
  if (text !== undefined) return unlink(text);
  const id = str(message?.id);
  if (id !== undefined) {
    const strings = [obj(rule?.messageStrings), ...run.components.map((c) => obj(c.globalMessageStrings))];
    for (const s of strings) {
      const template = str(obj(s?.[id])?.text);
      if (template !== undefined) return unlink(formatArguments(template, arr(message?.arguments)));
    }
  }
  return str(obj(rule?.shortDescription)?.text) ?? str(obj(rule?.fullDescription)?.text) ?? '';
}

function isSuppressed(result: Json): boolean {
  // An accepted (or status-less) suppression hides the result, as on GitHub code scanning.
  return arr(result.suppressions).some((s) => {
    const status = str(obj(s)?.status);
    return status === undefined || status === 'accepted';
  });
}

type Where = Pick<Finding, 'path' | 'startLine' | 'endLine' | 'startColumn' | 'endColumn'>;

/** A location that names no file of the repository: as written, and why it is not one. */
interface Elsewhere {
  shown: string;
  why: string;
  line?: number;
}

const posInt = (v: unknown): number | undefined => {
  const n = int(v);
  return n !== undefined && n > 0 ? n : undefined;
};

/** Lines, and columns when the region is on one line (GitHub annotates columns on one line only). */
function regionOf(region: Json | undefined): Omit<Where, 'path'> {
  const start = posInt(region?.startLine);
  if (start === undefined) return {};
  const end = int(region?.endLine);
  const out: Omit<Where, 'path'> = {
    startLine: start,
    endLine: end !== undefined && end >= start ? end : start,
  };
  if (out.endLine !== start) return out;
  const startColumn = posInt(region?.startColumn);
  let endColumn = posInt(region?.endColumn);
  // A one-line region given by start column and length (Qodana): its end is start + length.
  const length = int(region?.charLength);
  const snippet = str(obj(region?.snippet)?.text);
  if (
    endColumn === undefined &&
    startColumn !== undefined &&
    length !== undefined &&
    !snippet?.includes('\n')
  )
    endColumn = startColumn + length;
  // startColumn defaults to 1 (§3.30.5) when only the end is given.
  const first = startColumn ?? (endColumn !== undefined ? 1 : undefined);
  if (first === undefined) return out;
  out.startColumn = first;
  if (endColumn !== undefined && endColumn >= first) out.endColumn = endColumn;
  return out;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const DRIVE = /^[A-Za-z]:[\\/]/;

/** The absolute URI a uriBaseId stands for (through run.originalUriBaseIds), when the log says. */
function baseUri(id: string | undefined, run: Run, depth = 0): string | undefined {
  if (id === undefined || depth > 8) return undefined;
  const base = obj(run.bases?.[id]);
  const uri = str(base?.uri);
  const parent = str(base?.uriBaseId);
  if (uri === undefined) return baseUri(parent, run, depth + 1);
  if (SCHEME.test(uri) && !DRIVE.test(uri)) return uri;
  const above = baseUri(parent, run, depth + 1);
  if (above === undefined) return undefined;
  try {
    return new URL(uri, above).href;
  } catch {
    return undefined;
  }
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // not percent-encoded after all
  }
}

/** `a/./b/../c` → `a/c`; undefined when it climbs above where it starts. */
function collapse(rel: string): string | undefined {
  const out: string[] = [];
  for (const segment of rel.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') out.push(segment);
    else if (out.pop() === undefined) return undefined;
  }
  return out.join('/');
}

/** An absolute path without `.`/`..` segments (the repository paths map it into the checkout). */
function absolute(file: string): string {
  if (!file.startsWith('/')) return file;
  const collapsed = collapse(file);
  return collapsed === undefined ? file : `/${collapsed}`;
}

/** The repository path (or absolute file path) an artifact location names, or why it names none. */
function placeOf(uri: string, uriBaseId: string | undefined, run: Run): { path: string } | Elsewhere {
  if (uri.trim() === '') return { shown: '(an empty URI)', why: 'names no file' };
  const scheme = SCHEME.exec(uri)?.[1];
  if (scheme !== undefined && !DRIVE.test(uri)) {
    if (scheme.toLowerCase() !== 'file') return { shown: uri, why: 'not a file' };
    const host = /^file:\/\/([^/]*)/i.exec(uri)?.[1];
    if (host && host.toLowerCase() !== 'localhost')
      return { shown: uri, why: `a file on another host (${host})` };
    return { path: absolute(normalizeFile(uri)) };
  }
  const base = baseUri(uriBaseId, run);
  if (base !== undefined && !/^file:/i.test(base)) {
    let shown = `${base}${uri}`;
    try {
      shown = new URL(uri, base).href;
    } catch {
      // keep the plain concatenation
    }
    return { shown, why: 'not a file' };
  }
  const p = decode(uri).replace(/\\/g, '/');
  if (p.startsWith('/') || DRIVE.test(p)) return { path: absolute(p) };
  const rel = collapse(p);
  // Climbing out (`../src/x.c` from a build directory): the repository paths may still find the
  // file; keepInRepository moves the finding to the report when they do not.
  if (rel === undefined) return { path: p.replace(/^(\.\/)+/, '') };
  if (rel === '') return { shown: uri, why: 'names no file' };
  return { path: rel };
}

/** The first location in a file; else the first location elsewhere (annotated on the report). */
function locationOf(result: Json, run: Run): Where | Elsewhere {
  let elsewhere: Elsewhere | undefined;
  for (const l of arr(result.locations)) {
    const physical = obj(obj(l)?.physicalLocation);
    if (!physical) continue;
    const artifactLocation = obj(physical.artifactLocation);
    const index = int(artifactLocation?.index);
    const artifact = index !== undefined ? obj(obj(run.artifacts[index])?.location) : undefined;
    const uri = str(artifactLocation?.uri) ?? str(artifact?.uri);
    if (uri === undefined) continue;
    const uriBaseId = str(artifactLocation?.uriBaseId) ?? str(artifact?.uriBaseId);
    const region = regionOf(obj(physical.region));
    const place = placeOf(uri, uriBaseId, run);
    if ('path' in place) return { path: place.path, ...region };
    elsewhere ??= { ...place, ...(region.startLine !== undefined ? { line: region.startLine } : {}) };
  }
  return elsewhere ?? {};
}

/** The message of a finding annotated on the report, saying where the tool put it. */
function withLocation(message: string, at: Elsewhere): string {
  const where = `${at.shown}${at.line !== undefined ? `:${at.line}` : ''}`;
  return `${message}${message ? '\n\n' : ''}Location: ${where} (${at.why})`;
}

/**
 * After the repository paths have mapped `f.path` into the checkout: a path still outside it (an
 * absolute path elsewhere on the machine, `../x`) is not an annotation path either; the finding
 * moves to the report, its message saying where the tool put it.
 */
export function keepInRepository(f: Finding): void {
  if (f.path === undefined) return;
  if (!f.path.startsWith('/') && !DRIVE.test(f.path) && !/(^|\/)\.\.(\/|$)/.test(f.path)) return;
  f.message = withLocation(f.message, {
    shown: f.path,
    why: 'outside the repository',
    ...(f.startLine !== undefined ? { line: f.startLine } : {}),
  });
  delete f.path;
  delete f.startLine;
  delete f.endLine;
  delete f.startColumn;
  delete f.endColumn;
}

/** Results that are not findings: §3.27.9 kind, §3.27.24 baselineState. */
function notAFinding(result: Json): boolean {
  const kind = str(result.kind);
  return kind === 'pass' || kind === 'notApplicable' || str(result.baselineState) === 'absent';
}

/** Parse one SARIF 2.1.0 log. Throws ReportParseError (with the path) when it is not one. */
export function parseSarif(path: string, json: string): FindingReport {
  let doc: unknown;
  try {
    doc = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ReportParseError(
      `${path}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const root = obj(doc);
  if (!root || !Array.isArray(root.runs))
    throw new ReportParseError(`${path}: not a SARIF log (no "runs" array)`);
  const version = str(root.version);
  if (version !== undefined && version !== '2.1.0') {
    throw new ReportParseError(`${path}: SARIF version ${version} is not supported, expected 2.1.0`);
  }
  const problems = sarifSchemaProblems(doc);
  if (problems.length)
    throw new ReportParseError(`${path}: not a valid SARIF 2.1.0 log: ${problems.join('; ')}`);
  // §3.14.23: a run's results are absent only when it did not scan (rules metadata alone).
  if (!root.runs.some((r) => Array.isArray(obj(r)?.results)))
    throw new ReportParseError(
      `${path}: no run in this SARIF log has "results": the tool reported no scan, not a clean one`,
    );

  const findings: Finding[] = [];
  for (const r of root.runs) {
    const runObj = obj(r);
    if (!runObj) continue;
    const tool = obj(runObj.tool);
    const driver = obj(tool?.driver) ?? {};
    const extensions = arr(tool?.extensions)
      .map(obj)
      .filter((e): e is Json => e !== undefined);
    const run: Run = {
      components: [driver, ...extensions],
      artifacts: arr(runObj.artifacts),
      bases: obj(runObj.originalUriBaseIds),
    };
    const toolName = str(driver.name) ?? 'SARIF';

    for (const item of arr(runObj.results)) {
      const result = obj(item);
      if (!result || isSuppressed(result) || notAFinding(result)) continue;
      const rule = ruleOf(result, run);
      const kind = str(result.kind);
      const resolved =
        level(result.level) ??
        (kind !== undefined && kind !== 'fail' ? 'none' : undefined) ??
        level(obj(rule?.defaultConfiguration)?.level) ??
        'warning';
      const message = messageOf(result, rule, run);
      const where = locationOf(result, run);
      const finding: Finding = {
        ruleId: str(result.ruleId) ?? str(obj(result.rule)?.id) ?? str(rule?.id) ?? 'unknown',
        level: resolved,
        message: 'why' in where ? withLocation(message, where) : message,
        tool: toolName,
        ...('why' in where ? {} : where),
      };
      const helpUri = str(rule?.helpUri);
      if (helpUri) finding.helpUri = helpUri;
      findings.push(finding);
    }
  }
  return { format: 'sarif', path, findings };
}
