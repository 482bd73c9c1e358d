// Source locations inside failure messages and stack traces: JavaScript (V8) stack frames, JVM
// frames, pytest / Python tracebacks, `go test` output and Go panics, and as a last resort any
// `file.ext:line` of a known source extension. Pure string work; parsers decide which one to use.

export interface SourceLocation {
  /** As written in the text (absolute, relative, or package-relative for JVM frames), `/`-separated. */
  file: string;
  line: number;
  column?: number;
  /** Framework, runtime or dependency code: a poor place for an annotation. */
  vendor: boolean;
}

interface Pattern {
  re: RegExp;
  build(groups: Record<string, string | undefined>): Omit<SourceLocation, 'vendor'> | undefined;
  vendor(file: string, groups: Record<string, string | undefined>): boolean;
}

const JS_VENDOR = /(^|\/)node_modules\/|^node:|^internal\/|^<anonymous>$|^native$|^evalmachine\./;
const JVM_VENDOR =
  /^(java|javax|jdk|sun|com\.sun|kotlin|kotlinx|scala|groovy|org\.junit|junit|org\.opentest4j|org\.testng|org\.apache\.maven|org\.gradle|org\.assertj|org\.hamcrest|org\.mockito|org\.spockframework|org\.springframework|io\.kotest|worker\.org\.gradle)\./;
const PY_VENDOR =
  /(^|\/)(site-packages|dist-packages)\/|\/lib\/python\d[\d.]*\/|^<frozen |(^|\/)_pytest\/|(^|\/)pluggy\//;
const GO_VENDOR = /\/pkg\/mod\/|(^|\/)src\/(runtime|testing|reflect|sync|internal|syscall)\//;
const SOURCE_EXT =
  'tsx?|jsx?|mjs|cjs|mts|cts|vue|svelte|py|go|java|kt|kts|groovy|scala|rb|php|rs|cs|fs|c|cc|cpp|cxx|h|hh|hpp|m|mm|swift|ex|exs|erl|dart|lua|pl|sh';

/** A positive whole number written in decimal (`"12"`, `"12px"` → 12), else undefined. */
export function positiveInt(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number.parseInt(s, 10);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** `file:///x` → `/x`, backslashes → `/`, percent-decoding of file URLs. */
export function normalizeFile(file: string): string {
  let f = file.trim();
  if (/^file:\/\//i.test(f)) {
    f = f.replace(/^file:\/\/(localhost)?/i, '');
    try {
      f = decodeURIComponent(f);
    } catch {
      // keep it as written
    }
    if (/^\/[A-Za-z]:\//.test(f)) f = f.slice(1);
  }
  return f.replace(/\\/g, '/');
}

/** normalizeFile, then without a leading `./` (how a relative path is compared and resolved). */
export function normalizeRelative(file: string): string {
  return normalizeFile(file).replace(/^\.\//, '');
}

const SPECIFIC: Pattern[] = [
  // V8: "    at fn (/abs/src/foo.test.ts:12:5)", "    at /abs/foo.js:1:2", "    at file:///abs/foo.mjs:3:4"
  {
    re: /^[ \t]*at (?:.*? \()?(?<file>(?:file:\/\/\/?)?(?:[A-Za-z]:)?[^():\n]+?):(?<line>\d+):(?<col>\d+)\)?[ \t]*$/gm,
    build: (g) => ({
      file: normalizeFile(g.file ?? ''),
      line: positiveInt(g.line) ?? 0,
      column: positiveInt(g.col),
    }),
    vendor: (file) => JS_VENDOR.test(file),
  },
  // JVM: "\tat com.acme.shop.CartTest.total(CartTest.java:34)", "at app//com.acme.X$Inner.m(X.kt:3)",
  // Kotlin back-ticked names: "at a.b.CalcUtilsTest.test error handling(CalcUtilsTest.kt:27)" (a JVM
  // method name may hold anything but . ; [ / and, outside <init>/<clinit>, < >).
  {
    re: /^[ \t]*at (?:[\w.$@-]*\/+)?(?<cls>[\w$]+(?:\.[\w$]+)*)\.(?<method><\w+>|[^\s.;[/<>()][^\n.;[/<>()]*)\((?<file>[\w$-]+\.(?:java|kt|kts|groovy|scala)):(?<line>\d+)\)/gm,
    build: (g) => {
      const cls = g.cls ?? '';
      const pkg = cls.split('.').slice(0, -1).join('/');
      return { file: pkg ? `${pkg}/${g.file}` : (g.file ?? ''), line: positiveInt(g.line) ?? 0 };
    },
    vendor: (_file, g) => JVM_VENDOR.test(g.cls ?? ''),
  },
  // pytest long/short tracebacks: "tests/test_cart.py:18: AssertionError", "tests/test_cart.py:18: in test_x"
  {
    re: /^(?<file>[^\s:][^:\n]*?\.py):(?<line>\d+):(?: |$)/gm,
    build: (g) => ({ file: normalizeFile(g.file ?? ''), line: positiveInt(g.line) ?? 0 }),
    vendor: (file) => PY_VENDOR.test(file),
  },
  // pytest fixture errors: "file /abs/tests/test_db.py, line 4"
  {
    re: /^file (?<file>\S+\.py), line (?<line>\d+)/gm,
    build: (g) => ({ file: normalizeFile(g.file ?? ''), line: positiveInt(g.line) ?? 0 }),
    vendor: (file) => PY_VENDOR.test(file),
  },
  // CPython tracebacks (unittest, nose): '  File "/abs/tests/test_x.py", line 12, in test_x'
  {
    re: /^[ \t]*File "(?<file>[^"\n]+)", line (?<line>\d+)/gm,
    build: (g) => ({ file: normalizeFile(g.file ?? ''), line: positiveInt(g.line) ?? 0 }),
    vendor: (file) => PY_VENDOR.test(file),
  },
  // go test: "    cart_test.go:25: expected 90", build errors "./cart_test.go:12:5: undefined: x"
  {
    re: /^[ \t]*(?<file>(?:\.{1,2}\/)?[\w.@/-]*\w\.go):(?<line>\d+)(?::(?<col>\d+))?: /gm,
    build: (g) => ({
      file: normalizeRelative(g.file ?? ''),
      line: positiveInt(g.line) ?? 0,
      column: positiveInt(g.col),
    }),
    vendor: (file) => GO_VENDOR.test(file),
  },
  // CUnit's JUnit report (CU_automated_enable_junit_xml): "Condition: …\n  File     : /src/t.c\n  Line     : 27",
  // and converters writing "File: t.c Line: 27" on one line.
  {
    re: /\bFile[ \t]*:[ \t]*(?<file>[^\s:][^\n]*?)[ \t]*(?:\r?\n[ \t]*|[ \t]+)Line[ \t]*:[ \t]*(?<line>\d+)/g,
    build: (g) => ({ file: normalizeFile(g.file ?? ''), line: positiveInt(g.line) ?? 0 }),
    vendor: () => false,
  },
  // Go panics: "\t/home/runner/work/shop/shop/internal/cart/cart_test.go:40 +0x1d"
  {
    re: /^\t(?<file>(?:[A-Za-z]:)?\/[^\s:]+\.go):(?<line>\d+)(?: \+0x[0-9a-f]+)?[ \t]*$/gm,
    build: (g) => ({ file: normalizeFile(g.file ?? ''), line: positiveInt(g.line) ?? 0 }),
    vendor: (file) => GO_VENDOR.test(file),
  },
];

const GENERIC: Pattern = {
  re: new RegExp(
    `(?<![\\w/:.@-])(?<file>(?:[A-Za-z]:)?(?:\\.{0,2}/)?(?:[\\w.@-]+/)*[\\w.@-]+\\.(?:${SOURCE_EXT})):(?<line>\\d+)(?::(?<col>\\d+))?(?!\\d)`,
    'g',
  ),
  build: (g) => ({
    file: normalizeRelative(g.file ?? ''),
    line: positiveInt(g.line) ?? 0,
    column: positiveInt(g.col),
  }),
  vendor: (file) => JS_VENDOR.test(file) || PY_VENDOR.test(file) || GO_VENDOR.test(file),
};

function run(patterns: Pattern[], text: string): Array<SourceLocation & { index: number }> {
  const found: Array<SourceLocation & { index: number }> = [];
  for (const p of patterns) {
    for (const m of text.matchAll(p.re)) {
      const groups = m.groups ?? {};
      const loc = p.build(groups);
      if (!loc || !loc.file || loc.line <= 0) continue;
      const entry: SourceLocation & { index: number } = {
        file: loc.file,
        line: loc.line,
        vendor: p.vendor(loc.file, groups),
        index: m.index,
      };
      if (loc.column !== undefined) entry.column = loc.column;
      found.push(entry);
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** Every location found in `text`, in the order they appear. */
export function findLocations(text: string): SourceLocation[] {
  if (!text) return [];
  let found = run(SPECIFIC, text);
  if (found.length === 0) found = run([GENERIC], text);
  return found.map(({ index: _index, ...loc }) => loc);
}

const stripExt = (f: string): string => f.replace(/\.[^./]+$/, '');

/** True when both name the same file, allowing one to be a suffix path of the other. */
export function sameFile(a: string, b: string): boolean {
  const x = normalizeRelative(a);
  const y = normalizeRelative(b);
  return x === y || x.endsWith(`/${y}`) || y.endsWith(`/${x}`);
}

/**
 * Path hints (without extension) from what a report says about a test: a file attribute,
 * a path-like suite name, or a dotted class name (`tests.test_cart` → `tests/test_cart`,
 * `com.acme.CartTest$Nested` → `com/acme/CartTest`).
 */
export function pathHints(values: Array<string | undefined>): string[] {
  const hints = new Set<string>();
  for (const value of values) {
    if (!value) continue;
    const v = normalizeRelative(value);
    if (v.includes('/') || /\.[A-Za-z]{1,6}$/.test(v)) {
      if (!/\s/.test(v)) hints.add(stripExt(v));
      continue;
    }
    if (/^[\w$]+(\.[\w$]+)+$/.test(v)) {
      const segments = v.replace(/\$[\w$]*/g, '').split('.');
      for (let n = segments.length; n >= 2; n--) hints.add(segments.slice(0, n).join('/'));
    }
  }
  return [...hints];
}

function matchesHint(file: string, hints: string[]): boolean {
  const f = stripExt(normalizeRelative(file));
  return hints.some((h) => f === h || f.endsWith(`/${h}`) || h.endsWith(`/${f}`));
}

/**
 * The best location for an annotation: the first non-vendor location in a file the hints
 * point at (the test's own file), else the first non-vendor location, else nothing.
 */
export function pickLocation(locations: SourceLocation[], hints: string[] = []): SourceLocation | undefined {
  const own = locations.filter((l) => !l.vendor);
  return own.find((l) => matchesHint(l.file, hints)) ?? own[0];
}
