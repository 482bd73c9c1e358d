import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { testAnnotations, totals } from '../../src/reports/annotations.js';
import { collectReports } from '../../src/reports/collect.js';
import type { TestCase, TestReport } from '../../src/reports/model.js';
import { RepoPaths } from '../../src/reports/paths.js';
import { useReportRepo } from '../support/report-repo.js';

const fixtures = fileURLToPath(new URL('../fixtures/reports/', import.meta.url));

const repo = useReportRepo('iqa-collect-', fixtures);
const { write, copy } = repo;
const caseNamed = (reports: TestReport[], name: string): TestCase => {
  const c = reports.flatMap((r) => r.suites.flatMap((s) => s.cases)).find((x) => x.name === name);
  if (!c) throw new Error(`no case ${name}`);
  return c;
};

beforeAll(() => {
  // The repository the reports talk about.
  for (const f of [
    'src/cart.test.ts',
    'src/pricing.ts',
    'src/checkout.test.ts',
    'src/inventory.test.ts',
    'src/api/orders.test.ts',
    'test/helpers/http.ts',
    'tests/test_cart.py',
    'tests/conftest.py',
    'src/test/java/com/acme/shop/CartServiceTest.java',
    'internal/cart/cart_test.go',
    'internal/cartv2/cart_test.go',
    'internal/payment/client.go',
    'internal/api/handler_test.go',
    'tests/Unit/CartTest.php',
    'src/routes/search.js',
    'src/app.js',
    'src/cart.js',
  ]) {
    write(f);
  }
  copy('jest-junit.xml', 'reports/jest-junit.xml');
  copy('jest-junit-file-attribute.xml', 'reports/api/jest-junit.xml');
  copy('pytest.xml', 'reports/pytest.xml');
  copy(
    'TEST-com.acme.shop.CartServiceTest.xml',
    'target/surefire-reports/TEST-com.acme.shop.CartServiceTest.xml',
  );
  copy('go-junit-report.xml', 'reports/go/report.xml');
  copy('phpunit.xml', 'reports/phpunit.xml');
  copy('codeql-javascript.sarif', 'scan/codeql.sarif');
  copy('trivy-image.sarif', 'scan/trivy.sarif');
  write('reports/broken.xml', '<testsuites><testsuite name="cut">');
  write('reports/pom.xml', '<project/>');
  write('scan/bad.sarif', '{"version": "2.1.0", "runs": [');
});

describe('collectReports', () => {
  it('a report the check made a link to a host file is refused and its bytes are never read', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'iqa-collect-link-'));
    try {
      const outside = path.join(tmpdir(), `iqa-host-secret-${process.pid}.xml`);
      writeFileSync(outside, '<testsuite name="HOST-SECRET" tests="1"><testcase name="leak"/></testsuite>');
      mkdirSync(path.join(dir, 'reports'));
      symlinkSync(outside, path.join(dir, 'reports', 'junit.xml'));
      symlinkSync('/etc/passwd', path.join(dir, 'reports', 'passwd.xml'));
      writeFileSync(
        path.join(dir, 'reports', 'inside.xml'),
        '<testsuite name="ok" tests="1"><testcase name="a"/></testsuite>',
      );
      symlinkSync(path.join(dir, 'reports', 'inside.xml'), path.join(dir, 'reports', 'link-inside.xml'));
      const collected = await collectReports(dir, { junit: ['reports/*.xml'], sarif: [] });
      expect(JSON.stringify(collected)).not.toMatch(/HOST-SECRET|root:x:0/);
      expect(collected.tests.map((r) => r.path).sort()).toEqual([
        'reports/inside.xml',
        'reports/link-inside.xml',
      ]);
      expect(collected.errors).toEqual([
        expect.stringMatching(/^reports\/junit\.xml: cannot read: it leads outside the repository/),
        expect.stringMatching(
          /^reports\/passwd\.xml: cannot read: it leads outside the repository \(to \/etc\/passwd\)/,
        ),
      ]);
      rmSync(outside);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses every match, reports bad files and empty patterns, never throws', async () => {
    const collected = await collectReports(repo.root, {
      junit: ['reports/**/*.xml', 'target/surefire-reports/TEST-*.xml', 'missing/*.xml'],
      sarif: ['scan/*.sarif'],
    });
    expect(collected.tests.map((r) => r.path)).toEqual([
      'reports/api/jest-junit.xml',
      'reports/go/report.xml',
      'reports/jest-junit.xml',
      'reports/phpunit.xml',
      'reports/pytest.xml',
      'target/surefire-reports/TEST-com.acme.shop.CartServiceTest.xml',
    ]);
    expect(collected.findings.map((r) => [r.path, r.findings.length])).toEqual([
      ['scan/codeql.sarif', 4],
      ['scan/trivy.sarif', 120],
    ]);
    expect(collected.errors).toEqual([
      'junit: no file matches "missing/*.xml"',
      expect.stringMatching(/^reports\/broken\.xml:\d+(:\d+)?: not well-formed XML: /),
      'reports/pom.xml: not a JUnit XML report (root element <project>, expected <testsuites> or <testsuite>)',
      expect.stringMatching(/^scan\/bad\.sarif: not valid JSON: /),
    ]);
    expect(totals(collected.tests)).toEqual({ passed: 16, failed: 17, skipped: 6, total: 39, flaky: 1 });
  });

  it('maps paths inside reports onto repository files', async () => {
    const { tests, findings } = await collectReports(repo.root, {
      junit: ['reports/*.xml', 'reports/*/*.xml', 'target/**/*.xml'],
      sarif: ['scan/codeql.sarif'],
    });
    // Absolute runner paths from another checkout: the tail that exists here.
    expect(caseNamed(tests, 'Cart applies a percentage coupon')).toMatchObject({
      file: 'src/cart.test.ts',
      line: 27,
    });
    expect(caseNamed(tests, 'Cart totals items without a price')).toMatchObject({
      file: 'src/pricing.ts',
      line: 14,
    });
    expect(caseNamed(tests, 'returns the order')).toMatchObject({ file: 'test/helpers/http.ts', line: 22 });
    // A container path (/app/…).
    expect(caseNamed(tests, 'testCoupon with data set "half"')).toMatchObject({
      file: 'tests/Unit/CartTest.php',
      line: 36,
    });
    // A package-relative JVM path.
    expect(caseNamed(tests, 'appliesDiscount')).toMatchObject({
      file: 'src/test/java/com/acme/shop/CartServiceTest.java',
      line: 34,
    });
    // A bare Go file name shared by two packages: the classname (import path) decides.
    expect(caseNamed(tests, 'TestDiscount')).toMatchObject({ file: 'internal/cart/cart_test.go', line: 25 });
    expect(caseNamed(tests, 'TestCharge')).toMatchObject({ file: 'internal/payment/client.go', line: 57 });
    // Already repository-relative.
    expect(caseNamed(tests, 'test_discount')).toMatchObject({ file: 'tests/test_cart.py', line: 18 });
    expect(findings[0]?.findings.map((f) => f.path)).toEqual([
      'src/routes/search.js',
      'src/routes/search.js',
      'src/app.js',
      'src/cart.js',
    ]);

    const go = tests.find((t) => t.path === 'reports/go/report.xml');
    expect(go && testAnnotations(go).map((a) => `${a.path}:${a.startLine}`)).toEqual([
      'internal/api/handler_test.go:14',
      'internal/cart/cart_test.go:25',
      'reports/go/report.xml:1',
      'internal/cart/cart_test.go:41',
      'internal/payment/client.go:57',
    ]);
  });

  it('refuses files over the size limit and accepts an absolute pattern', async () => {
    const collected = await collectReports(
      repo.root,
      { junit: [path.join(repo.root, 'reports', 'pytest.xml')], sarif: ['scan/trivy.sarif'] },
      { maxBytes: 10_000 },
    );
    expect(collected.tests.map((t) => t.path)).toEqual(['reports/pytest.xml']);
    expect(collected.findings).toEqual([]);
    expect(collected.errors).toEqual([
      expect.stringMatching(
        /^scan\/trivy\.sarif: \d+ bytes is larger than the 10000-byte limit for a report$/,
      ),
    ]);
  });

  it('returns nothing for an empty spec or a missing root', async () => {
    expect(await collectReports(repo.root, { junit: [], sarif: [] })).toEqual({
      tests: [],
      findings: [],
      errors: [],
    });
    const missing = await collectReports(path.join(repo.root, 'nope'), { junit: ['*.xml'], sarif: [] });
    expect(missing).toEqual({ tests: [], findings: [], errors: ['junit: no file matches "*.xml"'] });
  });
});

describe('RepoPaths', () => {
  it('leaves what it cannot place unchanged', async () => {
    const paths = new RepoPaths(repo.root);
    expect(await paths.resolve('ghcr.io/acme/shop')).toBe('ghcr.io/acme/shop');
    expect(await paths.resolve('/usr/lib/libcrypto.so.3')).toBe('/usr/lib/libcrypto.so.3');
    // Two cart_test.go and no hint: ambiguous.
    expect(await paths.resolve('cart_test.go')).toBe('cart_test.go');
    expect(await paths.resolve('cart_test.go', ['github.com/acme/shop/internal/cartv2'])).toBe(
      'internal/cartv2/cart_test.go',
    );
    expect(await paths.resolve('./src/app.js')).toBe('src/app.js');
    expect(await paths.resolve(path.join(repo.root, 'src', 'app.js'))).toBe('src/app.js');
    expect(await paths.resolve('')).toBe('');
    expect(paths.display(path.join(repo.root, 'a', 'b.xml'))).toBe('a/b.xml');
    expect(paths.display('/elsewhere/b.xml')).toBe('/elsewhere/b.xml');
  });
});
