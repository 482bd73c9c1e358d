import {
  findLocations,
  normalizeFile,
  pathHints,
  pickLocation,
  sameFile,
} from '../../src/reports/location.js';

describe('findLocations', () => {
  it.each([
    [
      'V8 frame with function',
      '    at Object.<anonymous> (src/foo.test.ts:12:5)',
      'src/foo.test.ts',
      12,
      false,
    ],
    [
      'V8 frame without function',
      '    at /home/runner/work/a/a/src/x.js:3:9',
      '/home/runner/work/a/a/src/x.js',
      3,
      false,
    ],
    [
      'V8 ESM file URL',
      '    at file:///home/runner/work/a/a/src/x.mjs:7:1',
      '/home/runner/work/a/a/src/x.mjs',
      7,
      false,
    ],
    [
      'V8 Windows path',
      '    at Object.test (C:\\work\\a\\src\\x.test.js:10:21)',
      'C:/work/a/src/x.test.js',
      10,
      false,
    ],
    [
      'V8 node_modules',
      '    at run (/a/node_modules/jest-circus/build/run.js:71:3)',
      '/a/node_modules/jest-circus/build/run.js',
      71,
      true,
    ],
    [
      'V8 node internals',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      undefined,
      0,
      true,
    ],
    [
      'JVM frame',
      '\tat com.acme.shop.CartTest.total(CartTest.java:34)',
      'com/acme/shop/CartTest.java',
      34,
      false,
    ],
    [
      'JVM nested class, module prefix',
      '\tat app//com.acme.CartTest$Totals.sum(CartTest.kt:9)',
      'com/acme/CartTest.kt',
      9,
      false,
    ],
    [
      'JVM Kotlin back-ticked method name',
      '\tat app//a.b.CalcUtilsTest.test error handling(CalcUtilsTest.kt:27)',
      'a/b/CalcUtilsTest.kt',
      27,
      false,
    ],
    ['JVM constructor', '\tat com.acme.Cart.<init>(Cart.java:12)', 'com/acme/Cart.java', 12, false],
    [
      'CUnit JUnit report',
      '        Condition: CU_ASSERT_EQUAL(add(2, 3),6)\n        File     : /w/tests/test_math.c\n        Line     : 9\n',
      '/w/tests/test_math.c',
      9,
      false,
    ],
    ['CUnit on one line', 'CU_ASSERT_TRUE(x) File: tests/t.c Line: 41', 'tests/t.c', 41, false],
    [
      'JVM library',
      '\tat org.junit.jupiter.api.Assertions.fail(Assertions.java:531)',
      'org/junit/jupiter/api/Assertions.java',
      531,
      true,
    ],
    ['pytest', 'tests/test_x.py:10: AssertionError', 'tests/test_x.py', 10, false],
    [
      'pytest site-packages',
      '/usr/lib/python3.12/site-packages/requests/api.py:59: in get',
      '/usr/lib/python3.12/site-packages/requests/api.py',
      59,
      true,
    ],
    ['pytest fixture error', 'file /home/r/tests/test_db.py, line 4', '/home/r/tests/test_db.py', 4, false],
    [
      'CPython traceback',
      '  File "/src/tests/test_b.py", line 7, in test_b',
      '/src/tests/test_b.py',
      7,
      false,
    ],
    ['go test', '    foo_test.go:25: got 1, want 2', 'foo_test.go', 25, false],
    ['go build error', './foo_test.go:12:5: undefined: x', 'foo_test.go', 12, false],
    [
      'go panic frame',
      '\t/home/r/work/x/internal/a/a.go:40 +0x1d',
      '/home/r/work/x/internal/a/a.go',
      40,
      false,
    ],
    [
      'go runtime frame',
      '\t/usr/local/go/src/runtime/panic.go:770 +0x132',
      '/usr/local/go/src/runtime/panic.go',
      770,
      true,
    ],
    ['generic (ts diagnostic)', 'src/foo.ts:3:7 - error TS2322: Type', 'src/foo.ts', 3, false],
    [
      'generic (PHPUnit)',
      'Failed asserting that false is true.\n\n/app/tests/FooTest.php:36',
      '/app/tests/FooTest.php',
      36,
      false,
    ],
  ])('%s', (_label, text, file, line, vendor) => {
    const [first] = findLocations(text);
    if (file === undefined) {
      expect(first).toBeUndefined();
      return;
    }
    expect(first).toMatchObject({ file, line, vendor });
  });

  it('ignores host:port and plain numbers', () => {
    expect(findLocations('connect ECONNREFUSED 127.0.0.1:5432 at example.com:443 after 3:00')).toEqual([]);
    expect(findLocations('')).toEqual([]);
  });

  it('returns locations in text order across formats', () => {
    const text = 'tests/a.py:3: in helper\n    at x (/w/src/b.ts:4:1)\ntests/c.py:9: ValueError';
    expect(findLocations(text).map((l) => `${l.file}:${l.line}`)).toEqual([
      'tests/a.py:3',
      '/w/src/b.ts:4',
      'tests/c.py:9',
    ]);
  });

  it('keeps the column when the text has one', () => {
    expect(findLocations('    at f (src/a.ts:12:5)')[0]?.column).toBe(5);
  });
});

describe('pickLocation / pathHints / sameFile', () => {
  const locations = findLocations(
    [
      '    at helper (/w/node_modules/lib/index.js:1:1)',
      '    at price (/w/src/pricing.ts:14:23)',
      '    at Object.<anonymous> (/w/src/cart.test.ts:41:17)',
    ].join('\n'),
  );

  it('prefers a location in the hinted file, else the first non-vendor one', () => {
    expect(pickLocation(locations)).toMatchObject({ file: '/w/src/pricing.ts', line: 14 });
    expect(pickLocation(locations, pathHints(['src/cart.test.ts']))).toMatchObject({
      file: '/w/src/cart.test.ts',
    });
    expect(pickLocation(findLocations('    at run (/w/node_modules/x.js:1:1)'))).toBeUndefined();
  });

  it('derives hints from dotted class names and paths', () => {
    expect(
      pathHints(['tests.test_cart', 'com.acme.CartTest$Inner', 'src/a.test.ts', 'Cart adds item', undefined]),
    ).toEqual(['tests/test_cart', 'com/acme/CartTest', 'com/acme', 'src/a.test']);
  });

  it('compares paths by suffix', () => {
    expect(sameFile('/home/r/w/src/a.ts', 'src/a.ts')).toBe(true);
    expect(sameFile('./src/a.ts', 'src/a.ts')).toBe(true);
    expect(sameFile('src/ba.ts', 'a.ts')).toBe(false);
    expect(normalizeFile('file:///C:/work/a%20b/x.ts')).toBe('C:/work/a b/x.ts');
    expect(normalizeFile('file:///home/r/x.ts')).toBe('/home/r/x.ts');
  });
});
