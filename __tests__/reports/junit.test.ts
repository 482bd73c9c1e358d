import { readFileSync } from 'node:fs';
import { parseJUnit, secondsToMs } from '../../src/reports/junit.js';
import type { TestCase, TestReport } from '../../src/reports/model.js';
import { ReportParseError } from '../../src/reports/parse-error.js';
import { totals } from '../../src/reports/annotations.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/reports/${name}`, import.meta.url), 'utf8');
const parse = (name: string): TestReport => parseJUnit(`reports/${name}`, fixture(name));
const cases = (report: TestReport): TestCase[] => report.suites.flatMap((s) => s.cases);
const byName = (report: TestReport, name: string): TestCase => {
  const found = cases(report).find((c) => c.name === name);
  if (!found) throw new Error(`no case ${name}`);
  return found;
};

describe('parseJUnit: jest-junit (default templates, reportTestSuiteErrors)', () => {
  const report = parse('jest-junit.xml');

  it('reads every suite and case with results and times', () => {
    expect(report.format).toBe('junit');
    expect(report.path).toBe('reports/jest-junit.xml');
    expect(report.suites.map((s) => [s.name, s.cases.length, s.timeMs])).toEqual([
      ['Cart', 4, 1873],
      ['Checkout', 3, 5214],
      ['src/inventory.test.ts', 1, 0],
    ]);
    expect(totals(report)).toEqual({ passed: 3, failed: 4, skipped: 1, total: 8 });
    expect(cases(report).map((c) => c.result)).toEqual([
      'passed',
      'failed',
      'failed',
      'skipped',
      'passed',
      'passed',
      'failed',
      'error',
    ]);
    expect(byName(report, 'Checkout charges the card').timeMs).toBe(5003);
  });

  it('takes the location from the first frame outside node_modules', () => {
    const coupon = byName(report, 'Cart applies a percentage coupon');
    expect(coupon).toMatchObject({ file: '/home/runner/work/shop/shop/src/cart.test.ts', line: 27 });
    expect(coupon.message).toBe(
      'Error: expect(received).toBe(expected) // Object.is equality\n\nExpected: 90\nReceived: 100',
    );
    expect(coupon.details).toContain('node_modules/jest-circus/build/utils.js:298:28');
    // Thrown from application code: the throw site, not the test line.
    expect(byName(report, 'Cart totals items without a price')).toMatchObject({
      file: '/home/runner/work/shop/shop/src/pricing.ts',
      line: 14,
      message: "TypeError: Cannot read properties of undefined (reading 'amount')",
    });
    expect(byName(report, 'Checkout charges the card')).toMatchObject({
      file: '/home/runner/work/shop/shop/src/checkout.test.ts',
      line: 33,
    });
  });

  it('reports a suite that failed to run as an errored case in its file', () => {
    const broken = byName(report, 'src/inventory.test.ts');
    expect(broken).toMatchObject({
      classname: 'Test suite failed to run',
      result: 'error',
      file: 'src/inventory.test.ts',
      line: 1,
    });
    expect(broken.message).toContain("Cannot find module './stock' from 'src/inventory.test.ts'");
  });

  it('leaves passed and skipped cases without message or location', () => {
    const skipped = byName(report, 'Cart removes an item');
    expect(skipped).toEqual({
      name: 'Cart removes an item',
      classname: 'Cart removes an item',
      result: 'skipped',
      timeMs: 0,
    });
  });
});

describe('parseJUnit: jest-junit with addFileAttribute', () => {
  const report = parse('jest-junit-file-attribute.xml');

  it('keeps the file attribute and takes the line from a frame in that file', () => {
    expect(byName(report, 'rejects an empty cart with 400')).toMatchObject({
      classname: 'orders API › POST /orders',
      file: 'src/api/orders.test.ts',
      line: 58,
    });
    expect(byName(report, 'creates an order')).toMatchObject({
      result: 'passed',
      file: 'src/api/orders.test.ts',
    });
    expect(byName(report, 'creates an order').line).toBeUndefined();
  });

  it('falls back to the best frame elsewhere when the file has no frame and no line', () => {
    expect(byName(report, 'returns the order')).toMatchObject({
      file: '/home/runner/work/shop/shop/test/helpers/http.ts',
      line: 22,
      message: 'Error: connect ECONNREFUSED 127.0.0.1:5432',
    });
  });
});

describe('parseJUnit: pytest --junitxml (xunit2, one line)', () => {
  const report = parse('pytest.xml');

  it('reads results, including setup errors, skips and xfails', () => {
    expect(report.suites).toHaveLength(1);
    expect(report.suites[0]?.name).toBe('pytest');
    expect(report.suites[0]?.timeMs).toBe(1482);
    expect(totals(report)).toEqual({ passed: 4, failed: 3, skipped: 2, total: 9 });
    expect(byName(report, 'test_query').result).toBe('error');
    expect(byName(report, 'test_ttl')).toMatchObject({ result: 'skipped', message: 'requires redis' });
    expect(byName(report, 'test_eviction')).toMatchObject({
      result: 'skipped',
      message: 'eviction not implemented yet',
    });
    expect(byName(report, 'test_create').classname).toBe('tests.test_api.TestOrders');
  });

  it('decodes character references in messages (&#10;)', () => {
    expect(byName(report, 'test_discount').message).toBe(
      'assert 100 == 90\n +  where 100 = total()\n +    where total = <shop.cart.Cart object at 0x7f3a1c2b9d50>.total',
    );
  });

  it('finds file:line in the traceback, preferring the test module named by classname', () => {
    expect(byName(report, 'test_discount')).toMatchObject({ file: 'tests/test_cart.py', line: 18 });
    // Raised in shop/coupons.py:12, but the test's own frame is tests/test_cart.py:27.
    expect(byName(report, 'test_coupon[HALF-50]')).toMatchObject({
      file: 'tests/test_cart.py',
      line: 27,
      message: "KeyError: 'unknown coupon HALF'",
    });
    // site-packages frames are never chosen.
    expect(byName(report, 'test_query')).toMatchObject({ file: 'tests/conftest.py', line: 9 });
  });
});

describe('parseJUnit: Maven Surefire (bare <testsuite>)', () => {
  const report = parse('TEST-com.acme.shop.CartServiceTest.xml');

  it('reads the suite, failures, errors, skips; a flaky (rerun) pass is a pass', () => {
    expect(report.suites.map((s) => s.name)).toEqual(['com.acme.shop.CartServiceTest']);
    expect(report.suites[0]?.timeMs).toBe(1842);
    expect(totals(report)).toEqual({ passed: 2, failed: 2, skipped: 1, total: 5, flaky: 1 });
    expect(byName(report, 'reservesStock').result).toBe('passed');
    expect(byName(report, 'refundsOrder')).toMatchObject({
      result: 'skipped',
      message: 'payment sandbox unavailable',
    });
  });

  it('maps the frame of the test class to its package path', () => {
    expect(byName(report, 'appliesDiscount')).toMatchObject({
      result: 'failed',
      message: 'expected: <90> but was: <100>',
      file: 'com/acme/shop/CartServiceTest.java',
      line: 34,
    });
    // The deepest application frame is PaymentClient.java:57; the test's own frame wins.
    expect(byName(report, 'checkoutChargesCard')).toMatchObject({
      result: 'error',
      message: 'Connection refused',
      file: 'com/acme/shop/CartServiceTest.java',
      line: 48,
    });
  });
});

describe('parseJUnit: go-junit-report v2', () => {
  const report = parse('go-junit-report.xml');

  it('reads one suite per package, subtests as cases', () => {
    expect(report.suites.map((s) => [s.name, s.cases.length])).toEqual([
      ['github.com/acme/shop/internal/api', 1],
      ['github.com/acme/shop/internal/cart', 6],
      ['github.com/acme/shop/internal/payment', 2],
    ]);
    expect(totals(report)).toEqual({ passed: 3, failed: 5, skipped: 1, total: 9 });
    expect(byName(report, 'TestCharge').timeMs).toBe(0);
    expect(byName(report, 'TestRefund').timeMs).toBe(1);
  });

  it('replaces the placeholder messages with the test output', () => {
    expect(byName(report, 'TestDiscount')).toMatchObject({
      message: 'cart_test.go:25: Total() = 100, want 90',
      file: 'cart_test.go',
      line: 25,
    });
    expect(byName(report, 'TestCoupons/HALF')).toMatchObject({ file: 'cart_test.go', line: 41 });
    expect(byName(report, 'TestLegacyPricing').message).toBe(
      'cart_test.go:60: legacy pricing was removed in v2',
    );
    // A parent test that only failed through its subtests says nothing more.
    const parent = byName(report, 'TestCoupons');
    expect(parent).toMatchObject({ result: 'failed', message: 'Failed' });
    expect(parent.file).toBeUndefined();
  });

  it('handles build errors and panics', () => {
    expect(byName(report, '[build failed]')).toMatchObject({
      result: 'error',
      file: 'internal/api/handler_test.go',
      line: 14,
      message: 'internal/api/handler_test.go:14:2: undefined: newServer',
    });
    // runtime/ and testing/ frames are skipped; the first application frame is the nil dereference.
    expect(byName(report, 'TestCharge')).toMatchObject({
      file: '/home/runner/work/shop/shop/internal/payment/client.go',
      line: 57,
    });
    expect(byName(report, 'TestCharge').message).toMatch(/^panic: runtime error: invalid memory address/);
  });
});

describe('parseJUnit: PHPUnit (nested suites, file/line attributes)', () => {
  const report = parse('phpunit.xml');

  it('flattens nested suites and keeps every case', () => {
    expect(report.suites.map((s) => [s.name, s.cases.length])).toEqual([
      ['Acme\\Shop\\Tests\\Unit\\CartTest', 3],
      ['Acme\\Shop\\Tests\\Unit\\CartTest::testCoupon', 2],
    ]);
    expect(totals(report)).toEqual({ passed: 3, failed: 1, skipped: 1, total: 5 });
  });

  it('uses the file/line attributes, and the failing line inside that file', () => {
    expect(byName(report, 'testAddsItem')).toMatchObject({ file: '/app/tests/Unit/CartTest.php', line: 14 });
    expect(byName(report, 'testCoupon with data set "half"')).toMatchObject({
      result: 'failed',
      file: '/app/tests/Unit/CartTest.php',
      line: 36,
    });
  });
});

describe('parseJUnit: edge cases', () => {
  it('reads a bare <testsuite> with <error> and time in seconds', () => {
    const report = parseJUnit(
      'r.xml',
      `<?xml version="1.0"?>
<testsuite name="s" time="2.5"><testcase name="a" time="0.0004"/><testcase name="b" time="1.2345">
<error message="boom" type="RuntimeError">Traceback (most recent call last):
  File "/src/app/tests/test_b.py", line 7, in test_b
    raise RuntimeError("boom")
RuntimeError: boom</error></testcase></testsuite>`,
    );
    expect(report.suites[0]?.timeMs).toBe(2500);
    expect(report.suites[0]?.cases.map((c) => [c.name, c.result, c.timeMs])).toEqual([
      ['a', 'passed', 0],
      ['b', 'error', 1235],
    ]);
    expect(report.suites[0]?.cases[1]).toMatchObject({
      message: 'boom',
      file: '/src/app/tests/test_b.py',
      line: 7,
    });
  });

  it('sums case times when a suite has none, and reads <testcase> directly under <testsuites>', () => {
    const report = parseJUnit(
      'r.xml',
      '<testsuites name="all"><testcase name="loose" time="0.1"/><testsuite name="s"><testcase name="x" time="0.25"/><testcase name="y" time="0.5"/></testsuite></testsuites>',
    );
    expect(report.suites.map((s) => [s.name, s.timeMs, s.cases.length])).toEqual([
      ['all', 0, 1],
      ['s', 750, 2],
    ]);
  });

  it('counts a case with several failures once and joins their texts', () => {
    const report = parseJUnit(
      'r.xml',
      '<testsuite name="s"><testcase name="t"><failure>first</failure><failure>second</failure></testcase></testsuite>',
    );
    expect(totals(report)).toEqual({ passed: 0, failed: 1, skipped: 0, total: 1 });
    expect(report.suites[0]?.cases[0]).toMatchObject({ message: 'first', details: 'first\n\nsecond' });
  });

  it('counts a case with both a failure and a teardown error as an error, with the failure message', () => {
    const report = parseJUnit(
      'r.xml',
      '<testsuite name="s"><testcase name="t"><failure message="assert 1 == 2"/><error message="teardown"/></testcase></testsuite>',
    );
    expect(report.suites[0]?.cases[0]).toMatchObject({ result: 'error', message: 'assert 1 == 2' });
  });

  it.each([
    ['0.012', 12],
    ['1,234.5', 1234500],
    ['', 0],
    [undefined, 0],
    ['NaN', 0],
    ['-1', 0],
  ])('secondsToMs(%p) = %p', (input, ms) => {
    expect(secondsToMs(input)).toBe(ms);
  });

  it('rejects what is not well-formed XML, naming the file and position', () => {
    expect(() =>
      parseJUnit('reports/cut.xml', '<testsuites><testsuite name="a"><testcase name="x">'),
    ).toThrow(ReportParseError);
    expect(() => parseJUnit('reports/cut.xml', '<testsuites><testsuite name="a">')).toThrow(
      /^reports\/cut\.xml:\d+(:\d+)?: not well-formed XML/,
    );
    expect(() => parseJUnit('reports/empty.xml', '  \n')).toThrow(
      'reports/empty.xml: empty file, expected JUnit XML',
    );
    expect(() => parseJUnit('reports/x.json', '{"a": 1}')).toThrow(/reports\/x\.json.*not well-formed XML/);
  });

  it('rejects XML that is not JUnit', () => {
    expect(() =>
      parseJUnit('reports/pom.xml', '<project><modelVersion>4.0.0</modelVersion></project>'),
    ).toThrow(
      'reports/pom.xml: not a JUnit XML report (root element <project>, expected <testsuites> or <testsuite>)',
    );
  });

  it('accepts a byte order mark and an empty <testsuites/>', () => {
    expect(parseJUnit('r.xml', '\uFEFF<?xml version="1.0"?><testsuites/>').suites).toEqual([]);
  });
});
