// JUnit reports as real frameworks write them (issue 13): reruns and retries, disabled tests, suites
// that declare results without listing cases, failure vs error, every place a location is written,
// and parser refusals. Fixtures in fixtures/reports/junit/ say at their top which tool wrote them.
//
// Counts compared with the established reporters (their sources as of the fixtures' comments):
// - EnricoMi/publish-unit-test-result-action counts one test per (class, name), failed when any
//   attempt failed (unittestresults.py get_test_results), a case with <failure> and <error> as error
//   (junit.py get_results), and a report without cases from its suites' attributes (without_cases).
// - mikepenz/action-junit-report (check_retries) keeps one record per name|classname|file, any
//   passing one, and skips status="disabled"/"ignored" even with a <failure> (testParser.ts).
// - dorny/test-reporter counts every <testcase> as it comes (java-junit-parser.ts).
import { readFileSync } from 'node:fs';
import { totals } from '../../src/reports/annotations.js';
import type { CollectedReports } from '../../src/reports/collect.js';
import { judgeReports } from '../../src/reports/judge.js';
import { parseJUnit } from '../../src/reports/junit.js';
import type { TestCase, TestReport } from '../../src/reports/model.js';
import { ReportParseError } from '../../src/reports/parse-error.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/reports/junit/${name}`, import.meta.url), 'utf8');
const parse = (name: string): TestReport => parseJUnit(`reports/${name}`, fixture(name));
const cases = (report: TestReport): TestCase[] => report.suites.flatMap((s) => s.cases);
const byName = (report: TestReport, name: string): TestCase => {
  const found = cases(report).filter((c) => c.name === name);
  if (found.length !== 1) throw new Error(`${found.length} cases named ${name}`);
  return found[0] as TestCase;
};
const judge = (...tests: TestReport[]) =>
  judgeReports({ tests, findings: [], errors: [] } satisfies CollectedReports, 'error');

describe('reruns and retries: one test, decided by its last attempt', () => {
  it('pytest-rerunfailures: bare failed attempts, then the last one', () => {
    const report = parse('pytest-rerunfailures.xml');
    // 7 <testcase> records; pytest itself declares tests="4". EnricoMi: 4 tests, 1 failed (the
    // flaky one passed in its last attempt but no attempt recorded a failure); mikepenz with
    // check_retries: 0 failed (it keeps the bare, pass-looking first attempt of test_refund_total).
    expect(totals(report)).toEqual({ passed: 3, failed: 1, skipped: 0, total: 4, flaky: 1 });
    expect(byName(report, 'test_payment_webhook')).toMatchObject({
      result: 'passed',
      flaky: true,
      attempts: 2,
    });
    const refund = byName(report, 'test_refund_total');
    expect(refund).toMatchObject({
      result: 'failed',
      attempts: 3,
      message: 'assert 100 == 90',
      file: 'tests/test_orders.py',
      line: 29,
    });
    expect(refund.flaky).toBeUndefined();
    expect(refund.details).toMatch(/Failed on the last of 3 attempts\.$/);
    expect(cases(report).map((c) => c.name)).toEqual([
      'test_create_order',
      'test_payment_webhook',
      'test_refund_total',
      'test_cancel_order',
    ]);
  });

  it('gotestsum --rerun-fails: the failed runs first, the passing rerun after them', () => {
    const report = parse('gotestsum-rerun-fails.xml');
    // 7 records (gotestsum declares tests="7" failures="4"). EnricoMi: 4 tests, 2 failed; mikepenz
    // (check_retries): 4 tests, 1 failed; dorny: 7 tests, 4 failed.
    expect(totals(report)).toEqual({ passed: 2, failed: 1, skipped: 1, total: 4, flaky: 1 });
    expect(byName(report, 'TestCheckoutTimeout')).toMatchObject({
      result: 'passed',
      flaky: true,
      attempts: 2,
    });
    expect(byName(report, 'TestDiscount')).toMatchObject({
      result: 'failed',
      attempts: 3,
      message: 'cart_test.go:35: Total() = 100, want 90',
      file: 'cart_test.go',
      line: 35,
    });
  });

  it('a flaky-but-green gotestsum run passes the check and says "1 flaky"', () => {
    const judged = judge(parse('gotestsum-rerun-green.xml'));
    expect(judged.failures).toEqual([]);
    expect(judged.notes).toEqual(['3 test(s) passed (1 flaky), 1 skipped']);
    expect(judged.tests).toEqual({ passed: 3, failed: 0, skipped: 1, total: 4, flaky: 1 });
    expect(judged.annotations).toEqual([]);
    expect(judged.details).toContain(
      'Flaky (passed after a failed attempt): `TestCheckoutTimeout` (2 attempts)',
    );
  });

  it('a failing run still names its flaky tests', () => {
    const judged = judge(parse('gotestsum-rerun-fails.xml'));
    expect(judged.failures).toEqual(['1 of 4 test(s) failed']);
    expect(judged.notes).toEqual(['1 flaky']);
    // One annotation for the test that failed every run, not one per run.
    expect(judged.annotations.map((a) => [a.path, a.startLine, a.title])).toEqual([
      ['cart_test.go', 35, 'TestDiscount'],
    ]);
  });

  it('Gradle test-retry: the retried test passes, the Kotlin test fails at its back-ticked frame', () => {
    const report = parse('gradle-kotlin-retry.xml');
    expect(totals(report)).toEqual({ passed: 2, failed: 1, skipped: 0, total: 3, flaky: 1 });
    expect(byName(report, 'totals a cart()')).toMatchObject({ result: 'passed', flaky: true, attempts: 2 });
    expect(byName(report, 'test error handling()')).toMatchObject({
      result: 'failed',
      file: 'a/b/CalcUtilsTest.kt',
      line: 27,
    });
  });

  it('Playwright includeRetries and Surefire: <flakyFailure> is a flaky pass, <rerunFailure> a failure', () => {
    const report = parse('playwright-retries.xml');
    expect(totals(report)).toEqual({ passed: 2, failed: 1, skipped: 0, total: 3, flaky: 1 });
    expect(byName(report, 'checkout › pays with a saved card')).toMatchObject({
      result: 'passed',
      flaky: true,
      attempts: 2,
    });
    expect(byName(report, 'checkout › applies a coupon')).toMatchObject({
      result: 'failed',
      attempts: 3,
      message: 'expect(received).toBe(expected) // Object.is equality',
      file: '/home/runner/work/shop/shop/tests/checkout.spec.ts',
      line: 22,
    });
    const surefire = parseJUnit(
      'r.xml',
      readFileSync(
        new URL('../fixtures/reports/TEST-com.acme.shop.CartServiceTest.xml', import.meta.url),
        'utf8',
      ),
    );
    expect(byName(surefire, 'reservesStock')).toMatchObject({ result: 'passed', flaky: true, attempts: 2 });
  });

  it('same name in another suite (another Playwright project, another package) is another test', () => {
    const report = parseJUnit(
      'r.xml',
      `<testsuites>
<testsuite name="a.spec.ts" hostname="chromium"><testcase name="t" classname="a.spec.ts"><failure message="boom"/></testcase></testsuite>
<testsuite name="a.spec.ts" hostname="firefox"><testcase name="t" classname="a.spec.ts"/></testsuite>
</testsuites>`,
    );
    expect(totals(report)).toEqual({ passed: 1, failed: 1, skipped: 0, total: 2 });
  });

  it('a failed attempt after a passing one fails; a last attempt that only skipped keeps the failure', () => {
    const report = parseJUnit(
      'r.xml',
      `<testsuite name="s">
<testcase classname="c" name="a"/><testcase classname="c" name="a"><failure message="late"/></testcase>
<testcase classname="c" name="b"><failure message="first"/></testcase><testcase classname="c" name="b"><skipped/></testcase>
</testsuite>`,
    );
    expect(cases(report).map((c) => [c.name, c.result, c.message, c.attempts])).toEqual([
      ['a', 'failed', 'late', 2],
      ['b', 'failed', 'first', 2],
    ]);
  });
});

describe('disabled tests count as skipped', () => {
  it('GoogleTest: status="notrun" result="suppressed"', () => {
    const report = parse('googletest-disabled.xml');
    // Today's reading (and EnricoMi's, mikepenz's, dorny's per case): 3 passed. GoogleTest's own
    // totals say tests="5" disabled="2" skipped="1"; EnricoMi's suite counts add disabled to skipped.
    expect(totals(report)).toEqual({ passed: 1, failed: 1, skipped: 3, total: 5 });
    expect(byName(report, 'DISABLED_Divides').result).toBe('skipped');
    expect(byName(report, 'ParsesExpressions').result).toBe('skipped');
    expect(byName(report, 'Rounds')).toMatchObject({ result: 'skipped' });
    expect(byName(report, 'Overflows')).toMatchObject({ result: 'failed', file: 'calc_test.cc', line: 8 });
  });

  it("tst: status='disabled', also on a case that holds a <failure>", () => {
    const report = parse('tst-disabled.xml');
    expect(totals(report)).toEqual({ passed: 1, failed: 3, skipped: 3, total: 7 });
    expect(byName(report, 'disabled_test').result).toBe('skipped');
    const withFailure = parseJUnit(
      'r.xml',
      `<testsuite name="s"><testcase name="quarantined" status="disabled"><failure message="boom">x.cpp:3: boom</failure></testcase><testcase name="ignored" status="ignored"><error message="e"/></testcase></testsuite>`,
    );
    expect(cases(withFailure).map((c) => c.result)).toEqual(['skipped', 'skipped']);
    expect(judge(withFailure).failures).toEqual([]);
  });
});

describe('suites that declare results but list no cases', () => {
  it('karma-junit-reporter after a browser error: declared errors="1" fails the check', () => {
    const report = parse('karma-browser-error.xml');
    expect(report.suites).toEqual([
      {
        name: 'Chrome Headless 120.0.6099.109 (Linux x86_64)',
        timeMs: 0,
        cases: [],
        declared: { tests: 1, failures: 0, errors: 1, skipped: 0 },
      },
    ]);
    const judged = judge(report);
    expect(judged.failures).toEqual([
      '1 of 1 test(s) failed',
      'reports/karma-browser-error.xml: suite "Chrome Headless 120.0.6099.109 (Linux x86_64)" declared 1 test(s) (1 errored) but listed no test cases',
    ]);
  });

  it('pytest without its <testcase> elements: counts what it declares', () => {
    const report = parse('pytest-no-cases.xml');
    // EnricoMi (no-cases-but-tests.xml): 6 tests, 1 failure, 2 skipped.
    expect(totals(report)).toEqual({ passed: 3, failed: 1, skipped: 2, total: 6 });
    expect(judge(report).failures).toEqual([
      '1 of 6 test(s) failed',
      'reports/pytest-no-cases.xml: suite "pytest" declared 6 test(s) (1 failed, 2 skipped) but listed no test cases',
    ]);
  });

  it('declared passes only are a note, and containers and empty suites declare nothing', () => {
    const passing = parseJUnit('r.xml', '<testsuite name="s" tests="2" failures="0"/>');
    expect(judge(passing)).toMatchObject({
      failures: [],
      notes: ['2 test(s) passed', 'r.xml: suite "s" declared 2 test(s) but listed no test cases'],
    });
    const nested = parseJUnit(
      'r.xml',
      '<testsuites tests="3" failures="1"><testsuite name="outer" tests="3" failures="1"><testsuite name="inner" tests="3" failures="1"><testcase name="a"/><testcase name="b"/><testcase name="c"><failure/></testcase></testsuite></testsuite><testsuite name="empty" tests="0" failures="0"/></testsuites>',
    );
    expect(nested.suites.map((s) => s.name)).toEqual(['inner']);
    expect(totals(nested)).toEqual({ passed: 2, failed: 1, skipped: 0, total: 3 });
  });
});

describe('failure vs error', () => {
  it("pytest's failed call and teardown error (two records) are one errored test", () => {
    const report = parse('pytest-teardown-error.xml');
    // EnricoMi: 2 tests, both errors; dorny: 3 failed records.
    expect(totals(report)).toEqual({ passed: 0, failed: 2, skipped: 0, total: 2 });
    const insert = byName(report, 'test_insert');
    expect(insert).toMatchObject({
      result: 'error',
      message: 'assert 0 == 1',
      file: 'tests/test_db.py',
      line: 18,
    });
    expect(insert.attempts).toBeUndefined();
    expect(insert.details).toContain('ConnectionResetError: connection reset by peer while closing');
    expect(byName(report, 'test_select').result).toBe('error');
  });

  it('one case holding both is an error (EnricoMi junit.multiresult.xml)', () => {
    const report = parseJUnit(
      'r.xml',
      '<testsuite name="s"><testcase name="t"><skipped/><failure message="test failure">Assertion failed</failure><error message="test teardown failure">stdout</error></testcase></testsuite>',
    );
    expect(cases(report)[0]).toMatchObject({ result: 'error', message: 'test failure' });
    expect(totals(report)).toEqual({ passed: 0, failed: 1, skipped: 0, total: 1 });
  });
});

describe('locations', () => {
  it("tst: file:line in the failure's message attribute", () => {
    const report = parse('tst-disabled.xml');
    expect(byName(report, 'factorial_of_value_from_fixture')).toMatchObject({
      file: '/home/runner/work/calc/calc/tests/factorial.cpp',
      line: 72,
      message: '/home/runner/work/calc/calc/tests/factorial.cpp:72: error: check_eq(3628800, 3628801)',
    });
  });

  it('ansible-lint-junit: file and line attributes on <failure>, each finding its own test', () => {
    const report = parse('ansible-lint-junit.xml');
    expect(cases(report).map((c) => [c.file, c.line, c.result])).toEqual([
      ['roles/web/tasks/main.yml', 21, 'failed'],
      ['roles/web/tasks/main.yml', 34, 'failed'],
      ['site.yml', 3, 'failed'],
    ]);
  });

  it("the <failure>'s line wins over the <testcase>'s for the same file", () => {
    const report = parseJUnit(
      'r.xml',
      '<testsuite name="s"><testcase name="t" file="src/a.test.ts" line="10"><failure line="14" message="boom"/></testcase></testsuite>',
    );
    expect(cases(report)[0]).toMatchObject({ file: 'src/a.test.ts', line: 14 });
  });

  it("CUnit: the failure text's File / Line", () => {
    const report = parse('cunit-junit.xml');
    expect(byName(report, 'test_add_overflow')).toMatchObject({
      result: 'failed',
      message: 'CU_ASSERT_EQUAL(add(2, 3),6)',
      file: '/home/runner/work/calc/calc/tests/test_math.c',
      line: 9,
    });
  });

  it('Kotlin back-ticked names in JVM frames', () => {
    const report = parse('gradle-kotlin-retry.xml');
    expect(byName(report, 'test error handling()')).toMatchObject({ file: 'a/b/CalcUtilsTest.kt', line: 27 });
  });
});

describe('parser refusals name the file and why; the defences stay as strict', () => {
  const refused = (xml: string): string => {
    try {
      parseJUnit('reports/evil.xml', xml);
    } catch (error) {
      expect(error).toBeInstanceOf(ReportParseError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it.each([
    [
      'an external entity',
      '<?xml version="1.0"?>\n<!DOCTYPE testsuite [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<testsuite name="s"><testcase name="&xxe;"/></testsuite>',
      'reports/evil.xml:2:22: refused by the XML parser: External entities are not supported',
    ],
    [
      'a parameter entity',
      '<!DOCTYPE testsuite [<!ENTITY % p "x">]><testsuite name="s"/>',
      'reports/evil.xml:1:1: refused by the XML parser: Invalid entity name %',
    ],
    [
      'an oversized entity',
      `<!DOCTYPE testsuite [<!ENTITY big "${'x'.repeat(20_000)}">]><testsuite name="&big;"/>`,
      'reports/evil.xml:1:22: refused by the XML parser: Entity "big" size (20000) exceeds maximum allowed size (10000)',
    ],
    [
      'too many entities',
      `<!DOCTYPE t [${Array.from({ length: 1001 }, (_, i) => `<!ENTITY e${i} "v">`).join('')}]><testsuite name="s"/>`,
      'reports/evil.xml:1:1: refused by the XML parser: Entity count (1001) exceeds maximum allowed (1000)',
    ],
    [
      'an expansion bomb',
      `<!DOCTYPE t [<!ENTITY a "${'a'.repeat(9000)}">]><testsuite name="${'&a;'.repeat(14)}"/>`,
      'reports/evil.xml:1:1: refused by the XML parser: [EntityReplacer] Expanded content length limit exceeded: 107964 > 100000',
    ],
    [
      'nesting deeper than 100',
      `<testsuites>\n${'<testsuite name="a">\n'.repeat(120)}${'</testsuite>'.repeat(120)}</testsuites>`,
      'reports/evil.xml:102:1: refused by the XML parser: Maximum nested tags exceeded',
    ],
  ])('%s', (_what, xml, message) => {
    expect(refused(xml)).toBe(message);
  });

  it('internal entities and character references still read as before', () => {
    const report = parseJUnit(
      'r.xml',
      '<!DOCTYPE testsuite [<!ENTITY suite "orders">]><testsuite name="&suite;"><testcase name="a&#10;b"/></testsuite>',
    );
    expect(report.suites[0]).toMatchObject({ name: 'orders', cases: [{ name: 'a\nb' }] });
  });
});
