// JUnit XML (the de-facto format: jest-junit, pytest --junitxml, Maven Surefire/Gradle,
// go-junit-report, PHPUnit…) into the one TestReport model. fast-xml-parser does the XML;
// this file only maps elements onto the model and finds where each failure happened.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { errorMessage } from '../model/errors.js';
import { mergeReruns, type CaseRecord } from './junit-reruns.js';
import type { CaseResult, DeclaredCounts, TestCase, TestReport, TestSuite } from './model.js';
import { findLocations, normalizeFile, pathHints, pickLocation, positiveInt, sameFile } from './location.js';
import { ReportParseError } from './parse-error.js';

type XmlNode = Record<string, unknown>;

const ARRAY_TAGS = new Set([
  'testsuite',
  'testcase',
  'failure',
  'error',
  'skipped',
  'flakyFailure',
  'flakyError',
  'rerunFailure',
  'rerunError',
  'property',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Numeric character references (&#10; in pytest messages) are decoded only with this on.
  htmlEntities: true,
  isArray: (name) => ARRAY_TAGS.has(name),
});

/**
 * `status` values that say the test was not run, whatever else the case holds: tst and CTest write
 * "disabled", others "ignored" (as mikepenz/action-junit-report reads them: "a skipped test shall not
 * fail the run"). GoogleTest writes status="notrun" result="suppressed" for its DISABLED_ tests.
 */
const DISABLED_STATUS = new Set(['disabled', 'ignored']);
const DISABLED_RESULT = new Set(['suppressed']);

/** Placeholder messages some tools write instead of the real one (go-junit-report). */
const GENERIC_MESSAGE = /^(failed|failure|error|runtime error|build error|skipped|test failed)$/i;
const STACK_LINE = /^\s+at\s|^\s*-{3,}|^\s*goroutine \d+ \[/;
const MESSAGE_MAX_LINES = 20;

const isNode = (v: unknown): v is XmlNode => typeof v === 'object' && v !== null && !Array.isArray(v);

function children(node: XmlNode, name: string): XmlNode[] {
  const value = node[name];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((v): XmlNode =>
    isNode(v) ? v : { '#text': v === null || v === undefined ? '' : String(v) },
  );
}

function attr(node: XmlNode, name: string): string | undefined {
  const v = node[`@_${name}`];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function text(node: XmlNode): string {
  const t = node['#text'];
  return typeof t === 'string' ? t : t === undefined || t === null ? '' : String(t);
}

/** Seconds (`"0.012"`, Surefire's locale-formatted `"1,234.5"`) to whole milliseconds. */
export function secondsToMs(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number.parseFloat(value.replace(/,/g, '').trim());
  return Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : 0;
}

/** go test's own progress lines, which gotestsum keeps around a test's output. */
const GO_PROGRESS = /^\s*(?:=== (?:RUN|PAUSE|CONT|NAME)\s|--- (?:FAIL|PASS|SKIP): )/;

/** Lines above the first stack frame, dedented, at most MESSAGE_MAX_LINES. */
function headOf(details: string): string | undefined {
  const lines: string[] = [];
  for (const line of details.split(/\r?\n/)) {
    if (GO_PROGRESS.test(line)) continue;
    if (STACK_LINE.test(line) && lines.some((l) => l.trim() !== '')) break;
    lines.push(line);
  }
  while (lines.length > 0 && (lines[0] ?? '').trim() === '') lines.shift();
  while (lines.length > 0 && (lines[lines.length - 1] ?? '').trim() === '') lines.pop();
  if (lines.length === 0) return undefined;
  const indent = Math.min(
    ...lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0),
  );
  const body = lines.slice(0, MESSAGE_MAX_LINES).map((l) => l.slice(indent).trimEnd());
  if (lines.length > MESSAGE_MAX_LINES) body.push('…');
  return body.join('\n');
}

function trimBlock(s: string): string {
  return s.replace(/^\s*\n/, '').trimEnd();
}

interface SuiteContext {
  name: string;
  file?: string;
}

function isDisabled(node: XmlNode): boolean {
  const status = attr(node, 'status')?.trim().toLowerCase();
  const result = attr(node, 'result')?.trim().toLowerCase();
  return (
    (status !== undefined && DISABLED_STATUS.has(status)) ||
    (result !== undefined && DISABLED_RESULT.has(result))
  );
}

function parseCase(node: XmlNode, suite: SuiteContext): CaseRecord {
  const failures = children(node, 'failure');
  const errors = children(node, 'error');
  const skipped = children(node, 'skipped');
  const problems = [...failures, ...errors];

  // A case with both a <failure> and an <error> (pytest: a failed call and a failed teardown) is an
  // error, as EnricoMi/publish-unit-test-result-action (junit.py get_results: the most severe state)
  // counts it; its message stays the failure's, the first thing that went wrong.
  let result: CaseResult = 'passed';
  if (isDisabled(node)) result = 'skipped';
  else if (errors.length > 0) result = 'error';
  else if (failures.length > 0) result = 'failed';
  else if (skipped.length > 0) result = 'skipped';
  const failing = result === 'failed' || result === 'error';

  const name = attr(node, 'name') ?? '';
  const classname = attr(node, 'classname') ?? attr(node, 'class');
  const testCase: TestCase = { name, result, timeMs: secondsToMs(attr(node, 'time')) };
  if (classname) testCase.classname = classname;

  const details = problems
    .map((p) => trimBlock(text(p)))
    .filter((t) => t.trim() !== '')
    .join('\n\n');
  const first = problems[0];
  if (failing) {
    const attrMessage = first ? attr(first, 'message')?.trim() : undefined;
    const message =
      attrMessage && !GENERIC_MESSAGE.test(attrMessage)
        ? attrMessage
        : ((first && headOf(text(first))) ??
          headOf(details) ??
          (attrMessage || undefined) ??
          (first && attr(first, 'type')));
    if (message) testCase.message = message;
    if (details) testCase.details = details;
  } else if (result === 'skipped') {
    const s = skipped[0];
    const attrMessage = s ? attr(s, 'message')?.trim() : undefined;
    const message =
      attrMessage && !GENERIC_MESSAGE.test(attrMessage)
        ? attrMessage
        : ((s && headOf(text(s))) ?? attrMessage);
    if (message) testCase.message = message;
  }

  // Surefire's (and Playwright's includeRetries) reruns inside the one case.
  const flakyRuns = children(node, 'flakyFailure').length + children(node, 'flakyError').length;
  const reruns = children(node, 'rerunFailure').length + children(node, 'rerunError').length;
  if (result === 'passed' && flakyRuns > 0) {
    testCase.flaky = true;
    testCase.attempts = flakyRuns + 1;
  } else if (failing && reruns > 0) {
    testCase.attempts = reruns + 1;
  }

  // Where the report says the failure is: file/line on the <failure>/<error> (lint converters,
  // mikepenz/action-junit-report reads them too), else on the <testcase>.
  const problemFile = failing && first ? attr(first, 'file') : undefined;
  const problemLine = failing && first ? positiveInt(attr(first, 'line')) : undefined;
  const caseFile = attr(node, 'file') ?? attr(node, 'filepath');
  const fileAttr = problemFile ?? caseFile;
  const lineAttr =
    problemFile || problemLine !== undefined
      ? problemLine
      : positiveInt(attr(node, 'line') ?? attr(node, 'lineno'));
  const atProblem = problemFile !== undefined || problemLine !== undefined;

  const hints = pathHints([fileAttr, suite.file, suite.name, classname]);
  let locations = findLocations(failing ? details : '');
  if (failing && !locations.some((l) => !l.vendor)) {
    // tst, GoogleTest, Playwright: "file:line" in the message attribute, often with no text at all.
    const messages = problems.map((p) => attr(p, 'message') ?? '').join('\n');
    locations = [...locations, ...findLocations(messages)];
  }
  const picked = pickLocation(locations, hints);

  if (fileAttr) {
    // The report names the file: keep it, with the line it gives on the failure, else the line of a
    // frame inside it, else the report's own line, else (no line at all) the best frame elsewhere.
    const inOwnFile = locations.find((l) => !l.vendor && sameFile(l.file, fileAttr));
    const line = atProblem ? (lineAttr ?? inOwnFile?.line) : (inOwnFile?.line ?? lineAttr);
    if (line === undefined && picked) {
      testCase.file = picked.file;
      testCase.line = picked.line;
    } else {
      testCase.file = normalizeFile(fileAttr);
      if (line !== undefined) testCase.line = line;
    }
  } else if (picked) {
    testCase.file = picked.file;
    testCase.line = picked.line;
  } else if (suite.file && failing) {
    testCase.file = normalizeFile(suite.file);
  }

  // The test's identity across reruns: a failure placed at its own file/line (a lint converter's
  // finding per <testcase>) is a different record, never an attempt of the one before.
  const key = JSON.stringify([classname ?? '', name, caseFile ?? '', problemFile ?? '', problemLine ?? 0]);
  const record: CaseRecord = { key, testCase };
  const teardown = errors[0] ? attr(errors[0], 'message') : undefined;
  if (failures.length === 0 && errors.length === 1 && teardown?.startsWith('failed on teardown with '))
    record.teardown = true;
  return record;
}

function count(node: XmlNode, name: string): number {
  const n = Number.parseInt(attr(node, name)?.trim() ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** The results a suite declares in its attributes, when it declares any. */
function declaredCounts(node: XmlNode): DeclaredCounts | undefined {
  const failures = count(node, 'failures');
  const errors = count(node, 'errors');
  // GoogleTest and tst count disabled tests apart from skipped ones (EnricoMi adds them up too).
  const skipped = (count(node, 'skipped') || count(node, 'skip')) + count(node, 'disabled');
  const tests = Math.max(count(node, 'tests'), failures + errors + skipped);
  return tests > 0 ? { tests, failures, errors, skipped } : undefined;
}

function looksLikePath(name: string): boolean {
  return /^[^\s]+\.[A-Za-z]{1,6}$/.test(name) && /[/\\]/.test(name);
}

function walkSuite(node: XmlNode, parent: SuiteContext | undefined, out: TestSuite[]): void {
  const ownName = attr(node, 'name') ?? '';
  const fileAttr = attr(node, 'file') ?? attr(node, 'filepath');
  const context: SuiteContext = { name: ownName || parent?.name || '' };
  const file = fileAttr ?? (looksLikePath(ownName) ? ownName : undefined) ?? parent?.file;
  if (file) context.file = file;

  const cases = mergeReruns(children(node, 'testcase').map((c) => parseCase(c, context)));
  const nested = children(node, 'testsuite');
  if (cases.length > 0) {
    const declared = secondsToMs(attr(node, 'time'));
    out.push({
      name: context.name,
      timeMs: declared || cases.reduce((sum, c) => sum + c.timeMs, 0),
      cases,
    });
  } else if (nested.length === 0) {
    // A suite that crashed before writing its cases (karma-junit-reporter on a browser error, a
    // truncated pytest report) still says what happened: count that, as EnricoMi does for a report
    // without cases (unittestresults.py without_cases), rather than pass on nothing.
    const declared = declaredCounts(node);
    if (declared)
      out.push({ name: context.name, timeMs: secondsToMs(attr(node, 'time')), cases: [], declared });
  }
  for (const suite of nested) walkSuite(suite, context, out);
}

/** fast-xml-parser's default maxNestedTags: it refuses an element that opens below this many. */
const MAX_NESTED_TAGS = 100;
const MARKUP =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[?!][^>]*>|<(\/?)[^\s/>]+(?:"[^"]*"|'[^']*'|[^'">])*?(\/?)>/g;

/** Index of the first element the parser's nesting limit refuses, or -1. */
function tooDeep(content: string): number {
  let depth = 0;
  for (const m of content.matchAll(MARKUP)) {
    if (m[0].startsWith('<!') || m[0].startsWith('<?')) continue;
    if (m[1]) depth--;
    else if (!m[2] && ++depth > MAX_NESTED_TAGS + 1) return m.index;
  }
  return -1;
}

/** Where in `content` a parser refusal points, as `:line:column` (empty when it cannot tell). */
function refusalPosition(content: string, why: string): string {
  let index = -1;
  const entity = /entity "([^"]+)"/i.exec(why)?.[1];
  if (entity) index = content.indexOf(`<!ENTITY ${entity}`);
  if (index < 0 && /external entit/i.test(why))
    index = content.search(/<!ENTITY\s+\S+\s+(?:SYSTEM|PUBLIC)\b/);
  if (/nested/i.test(why)) index = tooDeep(content);
  else if (index < 0) index = content.indexOf('<!DOCTYPE');
  if (index < 0) return '';
  const before = content.slice(0, index);
  const line = before.split('\n').length;
  return `:${line}:${index - before.lastIndexOf('\n')}`;
}

/** Parse one JUnit XML document. Throws ReportParseError (with the path) when it is not one. */
export function parseJUnit(path: string, xml: string): TestReport {
  const content = xml.replace(/^\uFEFF/, '');
  if (content.trim() === '') throw new ReportParseError(`${path}: empty file, expected JUnit XML`);
  const valid = XMLValidator.validate(content);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    const where = line ? `:${line}${col ? `:${col}` : ''}` : '';
    throw new ReportParseError(`${path}${where}: not well-formed XML: ${msg}`);
  }

  let doc: unknown;
  try {
    doc = parser.parse(content);
  } catch (error) {
    // The parser's own defences (external and parameter entities, entity size, count and expansion,
    // nesting depth) refuse the document: an unreadable report like any other, named and explained.
    const why = errorMessage(error);
    throw new ReportParseError(`${path}${refusalPosition(content, why)}: refused by the XML parser: ${why}`);
  }
  if (!isNode(doc)) throw new ReportParseError(`${path}: not a JUnit XML report`);
  const suites: TestSuite[] = [];
  if (doc.testsuites !== undefined) {
    for (const root of children(doc, 'testsuites')) {
      const context: SuiteContext = { name: attr(root, 'name') ?? '' };
      const loose = mergeReruns(children(root, 'testcase').map((c) => parseCase(c, context)));
      const nested = children(root, 'testsuite');
      if (loose.length > 0) {
        suites.push({ name: context.name, timeMs: secondsToMs(attr(root, 'time')), cases: loose });
      } else if (nested.length === 0) {
        const declared = declaredCounts(root);
        if (declared)
          suites.push({ name: context.name, timeMs: secondsToMs(attr(root, 'time')), cases: [], declared });
      }
      for (const suite of nested) walkSuite(suite, undefined, suites);
    }
  } else if (doc.testsuite !== undefined) {
    for (const suite of children(doc, 'testsuite')) walkSuite(suite, undefined, suites);
  } else {
    const rootName = Object.keys(doc).find((k) => !k.startsWith('#')) ?? 'none';
    throw new ReportParseError(
      `${path}: not a JUnit XML report (root element <${rootName}>, expected <testsuites> or <testsuite>)`,
    );
  }
  return { format: 'junit', path, suites };
}
