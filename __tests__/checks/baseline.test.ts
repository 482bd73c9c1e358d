// load baseline (`baseline: last-promoted`): naming, sibling spec, endpoint rewriting, the p95
// comparison, its rendering, and the orchestration with a fake backend (no Docker, no timing).
import {
  BASELINE_LABEL,
  baselineTag,
  endpointOf,
  halfDuration,
  measureBaseline,
  promotedImages,
  rewriteOrigin,
  siblingSpec,
  type BaselineDeps,
  type BaselineRequest,
} from '../../src/checks/load/baseline.js';
import { LoadTally, type LoadRun } from '../../src/checks/load/autocannon.js';
import type { ImageStore } from '../../src/store/image-store.js';
import { imageStore } from '../../src/store/store.js';
import {
  baselineText,
  compareWithBaseline,
  renderBaseline,
  type BaselineVerdict,
} from '../../src/checks/load/compare.js';
import { LatencyHistogram } from '../../src/checks/load/histogram.js';
import { judge } from '../../src/checks/load/judge.js';
import {
  loadStats,
  renderLoadDetails,
  type LoadProfile,
  type LoadStats,
} from '../../src/checks/load/stats.js';
import type { EnvironmentBackend, EnvironmentSpec, ReadyOutcome } from '../../src/environment/backend.js';
import { baselineProject } from '../../src/environment/compose.js';
import { LABEL, projectName } from '../../src/environment/project.js';

function statsOf(values: number[], errors = 0): LoadStats {
  const h = new LatencyHistogram();
  for (const v of values) h.record(v);
  return loadStats(
    { errors, timeouts: 0, non2xx: 0, duration: 2, statusCodeStats: { '200': { count: values.length } } },
    h,
  );
}

/** 100 responses whose p95 is `p95` and p99 is `p99`. */
function statsWith(p95: number, p99 = p95 * 1.5): LoadStats {
  return statsOf([...Array.from({ length: 94 }, () => p95 / 2), ...Array(4).fill(p95), p99, p99]);
}

describe('naming and the sibling', () => {
  test('baselineTag: the first promote tag without {sha}/{sha7}, else main', () => {
    expect(baselineTag(['main', 'sha-{sha}'])).toBe('main');
    expect(baselineTag(['sha-{sha7}', 'build-{sha}', 'production', 'stable'])).toBe('production');
    expect(baselineTag(['sha-{sha}'])).toBe('main');
    expect(baselineTag([])).toBe('main');
  });

  test('baselineProject: <project>-baseline, at most 63 chars, the pr/sha suffix kept', () => {
    expect(baselineProject('iqa-shop-pr12')).toBe('iqa-shop-pr12-baseline');
    const long = projectName('acme/' + 'a-very-long-repository-name-'.repeat(4), 4711, 'f'.repeat(40));
    expect(long).toHaveLength(63);
    const sibling = baselineProject(long);
    expect(sibling).toHaveLength(63);
    expect(sibling).toMatch(/^iqa-a-very-long-[a-z0-9-]*[a-z0-9]-pr4711-baseline$/);
    expect(sibling).not.toContain('--');
    const bySha = baselineProject(projectName('x'.repeat(80), undefined, 'ABCDEF0123456789'));
    expect(bySha).toMatch(/^iqa-x+-abcdef0-baseline$/);
    expect(bySha.length).toBeLessThanOrEqual(63);
  });

  test('siblingSpec: same definition and labels, the promoted digest, its own project', () => {
    const main: EnvironmentSpec = {
      project: 'iqa-shop-pr12',
      root: '/repo',
      composeFiles: ['/repo/compose.yml', '/repo/compose.qa.yml'],
      variables: {
        IMMUTABLE_QA_IMAGE: 'r.example/shop@sha256:tested',
        IMMUTABLE_QA_ENDPOINT_WEB: 'http://127.0.0.1:1/',
      },
      labels: {
        [LABEL.managed]: 'true',
        [LABEL.sha]: 'abc',
        [LABEL.digest]: 'sha256:tested',
        [LABEL.created]: '2020-01-01T00:00:00.000Z',
        [LABEL.repository]: 'acme/shop',
        [LABEL.pr]: '12',
      },
    };
    // What the sibling runs comes from the run's ImageStore, as the load check wires it.
    const image = promotedImages(storeFor(false)).imageRef('sha256:promoted');
    expect(image).toBe('r.example/shop@sha256:promoted');
    expect(promotedImages(storeFor(true)).imageRef('sha256:id')).toBe('sha256:id');
    const sibling = siblingSpec(main, image, 'sha256:promoted', new Date('2030-01-02T03:04:05.000Z'));
    expect(sibling).toEqual({
      project: 'iqa-shop-pr12-baseline',
      root: '/repo',
      composeFiles: main.composeFiles,
      variables: {
        IMMUTABLE_QA_IMAGE: 'r.example/shop@sha256:promoted',
        IMMUTABLE_QA_DIGEST: 'sha256:promoted',
        IMMUTABLE_QA_PROJECT: 'iqa-shop-pr12-baseline',
      },
      labels: {
        ...main.labels,
        [LABEL.digest]: 'sha256:promoted',
        [LABEL.created]: '2030-01-02T03:04:05.000Z',
        [BASELINE_LABEL]: 'iqa-shop-pr12',
      },
    });
  });

  test('endpointOf finds the endpoint by published host:port; rewriteOrigin keeps the rest byte-identical', () => {
    const endpoints = {
      api: { service: 'api', port: 9000, path: '/v1', scheme: 'http' as const },
      web: { service: 'web', port: 8080, path: '/', scheme: 'http' as const },
    };
    const variables = {
      IMMUTABLE_QA_ENDPOINT_API: 'http://127.0.0.1:40001/v1/',
      IMMUTABLE_QA_ENDPOINT_WEB: 'http://127.0.0.1:40002/',
    };
    const url = 'http://127.0.0.1:40002/cgi-bin/slow?q=a%20b#x';
    const target = endpointOf(url, endpoints, variables);
    expect(target).toEqual({ name: 'web', endpoint: endpoints.web, origin: 'http://127.0.0.1:40002' });
    expect(rewriteOrigin(url, target!.origin, '127.0.0.1:50000')).toBe(
      'http://127.0.0.1:50000/cgi-bin/slow?q=a%20b#x',
    );
    expect(rewriteOrigin('http://127.0.0.1:40002', 'http://127.0.0.1:40002', '127.0.0.1:5')).toBe(
      'http://127.0.0.1:5',
    );
    expect(endpointOf('http://127.0.0.1:40001/v1/items', endpoints, variables)?.name).toBe('api');
    expect(endpointOf('http://example.com/', endpoints, variables)).toBeUndefined();
    expect(endpointOf('https://127.0.0.1:40002/', endpoints, variables)).toBeUndefined();
  });
});

describe('comparison, verdict and rendering', () => {
  test('tested p95 above baseline p95 × (1 + max-regression) fails; at or below passes', () => {
    const baseline = statsWith(100, 150);
    const over = compareWithBaseline(statsWith(121, 200), baseline, 0.2) as BaselineVerdict;
    expect(over).toMatchObject({ passed: false, limitMs: 120, maxRegression: 0.2 });
    expect(over.ratio).toBeCloseTo(1.21, 10);
    expect(over.baseline).toMatchObject({ p95: 100, p99: 150 });
    expect(over.tested).toMatchObject({ p95: 121, p99: 200 });
    expect(compareWithBaseline(statsWith(120), baseline, 0.2)).toMatchObject({ passed: true });
    // Faster than the baseline passes, whatever the margin; max-regression 0 allows no slowdown.
    expect(compareWithBaseline(statsWith(2), statsWith(300), 0.2)).toMatchObject({ passed: true });
    expect(compareWithBaseline(statsWith(100.5), baseline, 0)).toMatchObject({ passed: false });
    expect(compareWithBaseline(statsWith(300), baseline, 2)).toMatchObject({ passed: true, limitMs: 300 });
  });

  test('LoadTally adds interleaved halves up into one sample per side', () => {
    const tally = new LoadTally();
    for (const v of [1, 2, 3]) tally.histogram.record(v);
    tally.add({ errors: 1, timeouts: 1, non2xx: 0, duration: 1, statusCodeStats: { '200': { count: 3 } } });
    for (const v of [4, 100]) tally.histogram.record(v);
    tally.add({
      errors: 0,
      timeouts: 0,
      non2xx: 1,
      duration: 1,
      statusCodeStats: { '200': { count: 1 }, '503': { count: 1 } },
    });
    expect(tally.stats()).toMatchObject({
      responses: 5,
      errors: 1,
      timeouts: 1,
      non2xx: 1,
      durationS: 2,
      rps: 2.5,
      errorRate: 2 / 6,
      latency: { p50: 3, p95: 100, max: 100 },
      statusCodes: { '200': 4, '503': 1 },
    });
  });

  test('no response on either side: no verdict, a reason', () => {
    expect(compareWithBaseline(statsWith(10), statsOf([], 12), 0.2)).toEqual({
      unmeasured: 'the promoted baseline answered no request (12 errors), so there is no p95 to compare with',
    });
    expect(compareWithBaseline(statsOf([], 3), statsWith(10), 0.2)).toEqual({
      unmeasured: 'the tested run has no response to compare with the baseline',
    });
  });

  test('summary names both p95 figures and the ratio; a regression fails like a threshold', () => {
    const tested = statsWith(305, 320);
    const regressed = compareWithBaseline(tested, statsWith(2.1, 3), 0.2) as BaselineVerdict;
    expect(baselineText(regressed)).toBe(
      'p95 regressed against the promoted baseline: 305.0 ms vs 2.10 ms (×145 > ×1.20, max-regression 20%)',
    );
    const judged = judge(tested, [], regressed);
    expect(judged.conclusion).toBe('failure');
    expect(judged.summary).toMatch(
      /^p95 regressed against the promoted baseline: 305\.0 ms vs 2\.10 ms \(×145 > ×1\.20, max-regression 20%\) \(p95 305\.0 ms, p99 320\.0 ms, /,
    );

    const faster = compareWithBaseline(statsWith(2.1), statsWith(305), 0.5) as BaselineVerdict;
    expect(judge(statsWith(2.1), [], faster)).toEqual({
      conclusion: 'success',
      summary:
        'p95 2.10 ms, p99 3.15 ms, 50.0 req/s, 0.00% errors; p95 vs the promoted baseline: 2.10 ms vs 305.0 ms (×0.01 ≤ ×1.50)',
    });
    // Thresholds and the baseline both listed when both fail.
    const both = judge(
      tested,
      [{ name: 'max-p95-ms', limit: 100, measured: 305, passed: false, text: 'p95 305.0 ms > 100.0 ms' }],
      regressed,
    );
    expect(both.summary).toMatch(/^max-p95-ms breached: p95 305\.0 ms > 100\.0 ms; p95 regressed against/);
  });

  test('details: what the baseline is, p95 and p99 side by side with ratios, the verdict line', () => {
    const baselineStats = statsWith(2.1, 3);
    const verdict = compareWithBaseline(statsWith(305, 320), baselineStats, 0.2);
    const section = renderBaseline(
      {
        reference: 'r.example/shop:main',
        digest: 'sha256:aaa',
        project: 'iqa-shop-pr12-baseline',
        url: 'http://127.0.0.1:5/cgi-bin/page',
        half: '1000ms',
        stats: baselineStats,
      },
      verdict,
    );
    expect(section).toContain(
      '**Baseline** `last-promoted`: `r.example/shop:main` → `sha256:aaa`, in the sibling environment `iqa-shop-pr12-baseline`',
    );
    expect(section).toContain(
      [
        '| latency (ms) | promoted baseline | tested | tested / baseline |',
        '|---|---:|---:|---:|',
        '| p95 | 2.10 | 305.0 | ×145 |',
        '| p99 | 3.00 | 320.0 | ×107 |',
      ].join('\n'),
    );
    expect(section).toContain(
      'interleaved with the tested digest: after a warm-up of both, baseline, tested, tested, baseline, 1s each, so neither side gains from running later.',
    );
    expect(section).toContain('Baseline run: 100 responses, 50.0 req/s, 0.00% errors.');
    expect(section).toContain(
      '`max-regression` 20%: tested p95 305.0 ms > 2.52 ms (baseline p95 × 1.2), ×145 → ✗ failed: p95 regressed',
    );
    const md = renderLoadDetails(
      { method: 'GET', url: 'http://127.0.0.1:4/cgi-bin/page', duration: '2s', connections: 2 },
      statsWith(305, 320),
      [],
      [],
      section,
    );
    expect(md.indexOf('No thresholds set')).toBeLessThan(md.indexOf('**Baseline**'));

    const unmeasured = renderBaseline(
      {
        reference: 'shop:main',
        digest: 'sha256:b',
        project: 'p-baseline',
        url: 'http://h/',
        half: '500ms',
        stats: statsOf([], 4),
      },
      compareWithBaseline(statsWith(5), statsOf([], 4), 0.2),
    );
    expect(unmeasured).toContain('| p95 | – | – | – |');
    expect(unmeasured).toContain('No comparison: the promoted baseline answered no request (4 errors)');
  });
});

// ---- orchestration ------------------------------------------------------------------------------

function imageConfig(local: boolean): BaselineRequest['config']['image'] {
  return {
    repository: local ? 'shop' : 'r.example/shop',
    local,
    context: '/repo',
    dockerfile: '/repo/Dockerfile',
    buildArgs: {},
    provenance: false,
  };
}

/** The store the pipeline would build for the config (no I/O until a tag is resolved). */
function storeFor(local: boolean): ImageStore {
  return imageStore(
    { image: imageConfig(local), root: '/repo' },
    {},
    { info: () => undefined, debug: () => undefined },
  );
}

class FakeBackend implements EnvironmentBackend {
  readonly kind = 'fake';
  calls: string[] = [];
  specs: EnvironmentSpec[] = [];
  /** The sibling's web container publishes 8080 on 50000: readiness's inspect gives the endpoint. */
  ready$: (spec: EnvironmentSpec) => Promise<ReadyOutcome> = async () => ({
    ready: true,
    containers: [
      {
        id: 'c1',
        name: 'web-1',
        service: 'web',
        image: 'sha256:x',
        status: 'running',
        exitCode: 0,
        ports: { '8080/tcp': '127.0.0.1:50000' },
        networks: ['net'],
      },
    ],
  });
  up$: (spec: EnvironmentSpec, signal?: AbortSignal) => Promise<void> = async () => undefined;
  async up(spec: EnvironmentSpec, signal?: AbortSignal): Promise<{ services: string[]; definition: string }> {
    this.calls.push(`up ${spec.project}`);
    this.specs.push(spec);
    await this.up$(spec, signal);
    return { services: [], definition: '' };
  }
  async ready(spec: EnvironmentSpec, timeoutMs: number): Promise<ReadyOutcome> {
    this.calls.push(`ready ${spec.project} ${timeoutMs}`);
    return this.ready$(spec);
  }
  async definition(): Promise<string> {
    return '';
  }
  async logs(spec: EnvironmentSpec): Promise<string> {
    this.calls.push(`logs ${spec.project}`);
    return 'web exited';
  }
  async down(spec: EnvironmentSpec): Promise<void> {
    this.calls.push(`down ${spec.project}`);
  }
}

const profile: LoadProfile = {
  method: 'GET',
  url: 'http://127.0.0.1:40002/cgi-bin/page',
  duration: '2s',
  connections: 2,
};

function setup(options: { promoted?: string; local?: boolean; clock?: { t: number } } = {}) {
  const backend = new FakeBackend();
  const clock = options.clock ?? { t: 1_000_000 };
  const warnings: string[] = [];
  const loads: Array<{ url: string; duration: string; timeoutMs: number }> = [];
  const controller = new AbortController();
  const run: LoadRun = { stats: statsWith(2), timedOut: false, cancelled: false };
  const deps: BaselineDeps & { run: LoadRun } = {
    run,
    resolve: async (tag) => (tag === 'main' ? options.promoted : undefined),
    imageRef: (digest) => storeFor(options.local ?? false).imageRef(digest),
    runLoad: async (p, timeoutMs, _signal, side) => {
      loads.push({ url: p.url, duration: p.duration, timeoutMs });
      backend.calls.push(`load ${side} ${p.url} ${p.duration}`);
      return { ...deps.run, stats: side === 'baseline' ? statsWith(3) : statsWith(4) };
    },
    now: () => clock.t,
  };
  const req: BaselineRequest = {
    config: {
      image: imageConfig(options.local ?? false),
      promote: { tags: ['sha-{sha7}', 'main'], policy: 'same-tree', trust: { keys: [], identities: [] } },
      environment: {
        composeFiles: ['/repo/compose.yml'],
        readyTimeoutMs: 30_000,
        endpoints: { web: { service: 'web', port: 8080, path: '/', scheme: 'http' } },
      },
    },
    testedDigest: 'sha256:tested',
    spec: {
      project: 'iqa-shop-pr12',
      root: '/repo',
      composeFiles: ['/repo/compose.yml'],
      variables: {},
      labels: { [LABEL.managed]: 'true', [LABEL.pr]: '12' },
    },
    backend,
    variables: { IMMUTABLE_QA_ENDPOINT_WEB: 'http://127.0.0.1:40002/' },
    profile,
    deadline: clock.t + 60_000,
    signal: controller.signal,
    logger: { info: () => undefined, warning: (m) => warnings.push(m) },
  };
  return { backend, clock, warnings, loads, controller, deps, req };
}

describe('measureBaseline', () => {
  test('no promoted tag: a neutral note naming repo:tag, nothing started', async () => {
    const { backend, deps, req } = setup();
    expect(await measureBaseline(req, deps)).toEqual({
      status: 'none',
      note: 'Baseline `last-promoted`: no promoted baseline yet (r.example/shop:main does not exist), so there is no p95 to compare with (not a failure).',
      short: 'no promoted baseline yet (r.example/shop:main does not exist)',
    });
    expect(backend.calls).toEqual([]);
  });

  test('the tested digest is the promoted one: a note, no comparison, nothing started', async () => {
    const { backend, deps, req } = setup({ promoted: 'sha256:tested' });
    const outcome = await measureBaseline(req, deps);
    expect(outcome).toMatchObject({
      status: 'same',
      short: 'the tested digest is the promoted one (r.example/shop:main)',
    });
    expect(backend.calls).toEqual([]);
  });

  test('measured: sibling up, ready, same endpoint on its port, warm-ups, interleaved halves B T T B, then removed', async () => {
    const { backend, deps, req, loads } = setup({ promoted: 'sha256:promoted' });
    const outcome = await measureBaseline(req, deps);
    expect(outcome).toMatchObject({
      status: 'measured',
      promoted: {
        reference: 'r.example/shop:main',
        tag: 'main',
        digest: 'sha256:promoted',
        image: 'r.example/shop@sha256:promoted',
      },
      project: 'iqa-shop-pr12-baseline',
      url: 'http://127.0.0.1:50000/cgi-bin/page',
      half: '1000ms',
      baseline: { stats: { latency: { p95: 3 } } },
      tested: { stats: { latency: { p95: 4 } } },
    });
    expect(backend.calls).toEqual([
      'up iqa-shop-pr12-baseline',
      'ready iqa-shop-pr12-baseline 30000',
      'load undefined http://127.0.0.1:50000/cgi-bin/page 2500ms',
      'load undefined http://127.0.0.1:40002/cgi-bin/page 2500ms',
      'load baseline http://127.0.0.1:50000/cgi-bin/page 1000ms',
      'load tested http://127.0.0.1:40002/cgi-bin/page 1000ms',
      'load tested http://127.0.0.1:40002/cgi-bin/page 1000ms',
      'load baseline http://127.0.0.1:50000/cgi-bin/page 1000ms',
      'down iqa-shop-pr12-baseline',
    ]);
    expect(halfDuration('1s')).toBe('500ms');
    expect(halfDuration('15s')).toBe('7500ms');
    expect(halfDuration('1ms')).toBe('1ms');
    expect(backend.specs[0]!.variables.IMMUTABLE_QA_IMAGE).toBe('r.example/shop@sha256:promoted');
    expect(backend.specs[0]!.labels).toMatchObject({ [LABEL.pr]: '12', [BASELINE_LABEL]: 'iqa-shop-pr12' });
    expect(loads[0]!.timeoutMs).toBe(60_000);
  });

  test('local mode: the sibling runs the image ID', async () => {
    const { backend, deps, req } = setup({ promoted: 'sha256:imageid', local: true });
    expect(await measureBaseline(req, deps)).toMatchObject({
      status: 'measured',
      promoted: { reference: 'shop:main', image: 'sha256:imageid' },
    });
    expect(backend.specs[0]!.variables.IMMUTABLE_QA_IMAGE).toBe('sha256:imageid');
  });

  test('a baseline that cannot start is no comparison (not a failure), and is removed', async () => {
    const { backend, deps, req, warnings } = setup({ promoted: 'sha256:promoted' });
    backend.ready$ = async () => ({
      ready: false,
      reason: 'service "web" exited with code 1',
      containers: [],
    });
    const outcome = await measureBaseline(req, deps);
    expect(outcome).toMatchObject({
      status: 'unavailable',
      short:
        'no baseline comparison (the baseline environment iqa-shop-pr12-baseline did not become ready: service "web" exited with code 1)',
    });
    expect(backend.calls).toContain('logs iqa-shop-pr12-baseline');
    expect(backend.calls.at(-1)).toBe('down iqa-shop-pr12-baseline');
    expect(warnings).toHaveLength(1);
  });

  test('the resolver failing or a URL outside the endpoints: no comparison, nothing started', async () => {
    const a = setup({ promoted: 'sha256:promoted' });
    a.deps.resolve = async () => {
      throw new Error('registry unreachable');
    };
    expect(await measureBaseline(a.req, a.deps)).toMatchObject({
      status: 'unavailable',
      short: 'no baseline comparison (could not resolve r.example/shop:main: registry unreachable)',
    });
    const b = setup({ promoted: 'sha256:promoted' });
    b.req.profile = { ...profile, url: 'http://example.com/' };
    expect(await measureBaseline(b.req, b.deps)).toMatchObject({ status: 'unavailable' });
    expect([...a.backend.calls, ...b.backend.calls]).toEqual([]);
  });

  test('cancelled while the sibling starts: cancelled, and the sibling is still removed', async () => {
    const { backend, deps, req, controller } = setup({ promoted: 'sha256:promoted' });
    backend.up$ = async (_spec, signal) => {
      controller.abort();
      expect(signal?.aborted).toBe(true);
      throw new Error('compose up killed');
    };
    expect(await measureBaseline(req, deps)).toMatchObject({ status: 'cancelled' });
    expect(backend.calls).toEqual(['up iqa-shop-pr12-baseline', 'down iqa-shop-pr12-baseline']);
  });

  test("the check's timeout during the baseline: timed_out, and the sibling is still removed", async () => {
    const clock = { t: 0 };
    const { backend, deps, req } = setup({ promoted: 'sha256:promoted', clock });
    backend.ready$ = async () => {
      clock.t = req.deadline; // the wait used up the check's time
      return { ready: false, reason: 'not ready after 60s', containers: [] };
    };
    expect(await measureBaseline(req, deps)).toMatchObject({ status: 'timed_out' });
    expect(backend.calls.at(-1)).toBe('down iqa-shop-pr12-baseline');

    const run = setup({ promoted: 'sha256:promoted' });
    run.deps.run = { ...run.deps.run, timedOut: true };
    expect(await measureBaseline(run.req, run.deps)).toMatchObject({ status: 'timed_out' });
    run.deps.run = { ...run.deps.run, timedOut: false, cancelled: true };
    expect(await measureBaseline(run.req, run.deps)).toMatchObject({ status: 'cancelled' });
    expect(run.backend.calls.filter((c) => c.startsWith('down'))).toHaveLength(2);
  });

  test('a half stopped by the timeout or a cancellation stops the interleaving; the sibling still goes', async () => {
    const { backend, deps, req } = setup({ promoted: 'sha256:promoted' });
    let n = 0;
    deps.runLoad = async (_p, _t, _s, side) => ({ ...deps.run, timedOut: ++n === 4 && side === 'tested' });
    expect(await measureBaseline(req, deps)).toMatchObject({ status: 'timed_out' });
    expect(n).toBe(4); // two warm-ups, the first baseline half, the first tested half
    expect(backend.calls.at(-1)).toBe('down iqa-shop-pr12-baseline');
  });

  test('the load run throwing still removes the sibling', async () => {
    const { backend, deps, req } = setup({ promoted: 'sha256:promoted' });
    deps.runLoad = async () => {
      throw new Error('autocannon exploded');
    };
    expect(await measureBaseline(req, deps)).toMatchObject({ status: 'unavailable' });
    expect(backend.calls.at(-1)).toBe('down iqa-shop-pr12-baseline');
  });
});
