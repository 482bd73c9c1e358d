// JUnit XML (the de-facto format: jest-junit, pytest --junitxml, Maven Surefire/Gradle,
// go-junit-report, PHPUnit…) into the one TestReport model. fast-xml-parser does the XML;
// this file only maps elements onto the model and finds where each failure happened.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { CaseResult, TestCase, TestReport, TestSuite } from './model.js';
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

/** Lines above the first stack frame, dedented, at most MESSAGE_MAX_LINES. */
function headOf(details: string): string | undefined {
  const lines: string[] = [];
  for (const line of details.split(/\r?\n/)) {
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

function parseCase(node: XmlNode, suite: SuiteContext): TestCase {
  const failures = children(node, 'failure');
  const errors = children(node, 'error');
  const skipped = children(node, 'skipped');
  const problems = [...failures, ...errors];

  let result: CaseResult = 'passed';
  if (failures.length > 0) result = 'failed';
  else if (errors.length > 0) result = 'error';
  else if (skipped.length > 0) result = 'skipped';

  const name = attr(node, 'name') ?? '';
  const classname = attr(node, 'classname') ?? attr(node, 'class');
  const testCase: TestCase = { name, result, timeMs: secondsToMs(attr(node, 'time')) };
  if (classname) testCase.classname = classname;

  const details = problems
    .map((p) => trimBlock(text(p)))
    .filter((t) => t.trim() !== '')
    .join('\n\n');
  if (result === 'failed' || result === 'error') {
    const first = problems[0];
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

  const fileAttr = attr(node, 'file') ?? attr(node, 'filepath');
  const lineAttr = positiveInt(attr(node, 'line') ?? attr(node, 'lineno'));
  const hints = pathHints([fileAttr, suite.file, suite.name, classname]);
  const locationText = result === 'failed' || result === 'error' ? details : '';
  const locations = findLocations(locationText);
  const picked = pickLocation(locations, hints);

  if (fileAttr) {
    // The report names the test's file: keep it, with the line of a frame inside it, else the
    // report's own line, else (no line at all) the best frame elsewhere.
    const inOwnFile = locations.find((l) => !l.vendor && sameFile(l.file, fileAttr));
    const line = inOwnFile?.line ?? lineAttr;
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
  } else if (suite.file && (result === 'failed' || result === 'error')) {
    testCase.file = normalizeFile(suite.file);
  }
  return testCase;
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

  const cases = children(node, 'testcase').map((c) => parseCase(c, context));
  if (cases.length > 0) {
    const declared = secondsToMs(attr(node, 'time'));
    out.push({
      name: context.name,
      timeMs: declared || cases.reduce((sum, c) => sum + c.timeMs, 0),
      cases,
    });
  }
  for (const nested of children(node, 'testsuite')) walkSuite(nested, context, out);
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

  const doc: unknown = parser.parse(content);
  if (!isNode(doc)) throw new ReportParseError(`${path}: not a JUnit XML report`);
  const suites: TestSuite[] = [];
  if (doc.testsuites !== undefined) {
    for (const root of children(doc, 'testsuites')) {
      const context: SuiteContext = { name: attr(root, 'name') ?? '' };
      const loose = children(root, 'testcase').map((c) => parseCase(c, context));
      if (loose.length > 0) {
        suites.push({ name: context.name, timeMs: secondsToMs(attr(root, 'time')), cases: loose });
      }
      for (const suite of children(root, 'testsuite')) walkSuite(suite, undefined, suites);
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
