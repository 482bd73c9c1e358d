// The two report files of issue 13's bounded-annotations acceptance, generated: a 50 MB JUnit file
// (jest-junit's shape) with 9,342 failures and a SARIF 2.1.0 log (ESLint formatter's shape) with
// 110,000 results. Used by __tests__/github/bounded-annotations.test.ts and bench/reports.ts.

/** jest-junit's shape: 9,342 failed cases with a long stack each, padded with passes to 50 MB. */
export function bigJUnit(): string {
  const frame = '    at Object.&lt;anonymous&gt; (src/cart.test.ts:12:7)\n'.repeat(80);
  const cases: string[] = [];
  for (let i = 0; i < 9342; i++)
    cases.push(
      `<testcase classname="cart ${i}" name="adds item ${i}" time="0.001" file="src/cart.test.ts"><failure message="expected ${i}">Error: expected ${i}\n${frame}</failure></testcase>`,
    );
  const pass = (i: number): string => `<testcase classname="cart" name="passes ${i}" time="0.001"/>`;
  let xml = cases.join('\n');
  const passes: string[] = [];
  let size = xml.length;
  while (size < 50 * 1024 * 1024) {
    const line = pass(passes.length);
    passes.push(line);
    size += line.length + 1;
  }
  xml = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="jest tests" tests="${9342 + passes.length}" failures="9342" errors="0" time="9">\n<testsuite name="cart" tests="${9342 + passes.length}" failures="9342" errors="0" skipped="0" time="9">\n${xml}\n${passes.join('\n')}\n</testsuite>\n</testsuites>\n`;
  return xml;
}

/** A 2.1.0 log (ESLint formatter shape) with 110,000 results: a few errors among many notes. */
export function bigSarif(): string {
  const results = Array.from({ length: 110_000 }, (_, i) => ({
    ruleId: i % 1000 === 0 ? 'no-eval' : 'no-unused-vars',
    level: i % 1000 === 0 ? 'error' : 'note',
    message: { text: `finding ${i}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: `src/file${i % 500}.js`, index: 0 },
          region: { startLine: (i % 300) + 1, startColumn: 1 },
        },
      },
    ],
  }));
  return JSON.stringify({
    version: '2.1.0',
    $schema: 'http://json.schemastore.org/sarif-2.1.0-rtm.5',
    runs: [{ tool: { driver: { name: 'ESLint', rules: [] } }, results }],
  });
}
