// SARIF 2.1.0 (trivy, grype, CodeQL, semgrep…) into the one FindingReport model.
// Level resolution follows the spec (§3.27.10): result.level, else "none" for a result whose
// kind is not "fail", else the rule's defaultConfiguration.level, else "warning".
import type { Finding, FindingLevel, FindingReport } from './model.js';
import { ReportParseError } from './parse-error.js';
import { normalizeFile, normalizeRelative } from './location.js';

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

function locationOf(result: Json, run: Run): Pick<Finding, 'path' | 'startLine' | 'endLine'> {
  for (const l of arr(result.locations)) {
    const physical = obj(obj(l)?.physicalLocation);
    if (!physical) continue;
    const artifact = obj(physical.artifactLocation);
    let uri = str(artifact?.uri);
    const index = int(artifact?.index);
    if (uri === undefined && index !== undefined) {
      uri = str(obj(obj(run.artifacts[index])?.location)?.uri);
    }
    if (uri === undefined) continue;
    const out: Pick<Finding, 'path' | 'startLine' | 'endLine'> = { path: uriToPath(uri) };
    const region = obj(physical.region);
    const start = int(region?.startLine);
    if (start !== undefined && start > 0) {
      out.startLine = start;
      const end = int(region?.endLine);
      out.endLine = end !== undefined && end >= start ? end : start;
    }
    return out;
  }
  return {};
}

function uriToPath(uri: string): string {
  if (/^file:/i.test(uri)) return normalizeFile(uri);
  let p = uri;
  try {
    p = decodeURIComponent(uri);
  } catch {
    // not percent-encoded after all
  }
  return normalizeRelative(p);
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

  const findings: Finding[] = [];
  for (const r of root.runs) {
    const runObj = obj(r);
    if (!runObj) continue;
    const tool = obj(runObj.tool);
    const driver = obj(tool?.driver) ?? {};
    const extensions = arr(tool?.extensions)
      .map(obj)
      .filter((e): e is Json => e !== undefined);
    const run: Run = { components: [driver, ...extensions], artifacts: arr(runObj.artifacts) };
    const toolName = str(driver.name) ?? 'SARIF';

    for (const item of arr(runObj.results)) {
      const result = obj(item);
      if (!result || isSuppressed(result)) continue;
      const rule = ruleOf(result, run);
      const kind = str(result.kind);
      const resolved =
        level(result.level) ??
        (kind !== undefined && kind !== 'fail' ? 'none' : undefined) ??
        level(obj(rule?.defaultConfiguration)?.level) ??
        'warning';
      const finding: Finding = {
        ruleId: str(result.ruleId) ?? str(obj(result.rule)?.id) ?? str(rule?.id) ?? 'unknown',
        level: resolved,
        message: messageOf(result, rule, run),
        tool: toolName,
        ...locationOf(result, run),
      };
      const helpUri = str(rule?.helpUri);
      if (helpUri) finding.helpUri = helpUri;
      findings.push(finding);
    }
  }
  return { format: 'sarif', path, findings };
}
