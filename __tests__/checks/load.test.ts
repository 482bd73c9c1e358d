// load checks: percentiles, thresholds, rendering. No timing: every latency here is a given number.
import { reconnectCleanly } from '../../src/checks/load/autocannon.js';
import { LatencyHistogram } from '../../src/checks/load/histogram.js';
import { judge } from '../../src/checks/load/judge.js';
import {
  evaluateThresholds,
  latencyTable,
  loadStats,
  renderLoadDetails,
  type LoadStats,
} from '../../src/checks/load/stats.js';
import type { Client } from 'autocannon';

function histogramOf(values: number[]): LatencyHistogram {
  const h = new LatencyHistogram();
  for (const v of values) h.record(v);
  return h;
}

const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe('LatencyHistogram', () => {
  test('nearest-rank percentiles', () => {
    const h = histogramOf(oneToHundred);
    expect([
      h.percentile(50),
      h.percentile(90),
      h.percentile(95),
      h.percentile(99),
      h.percentile(100),
    ]).toEqual([50, 90, 95, 99, 100]);
    expect(h.count).toBe(100);
    expect(h.min).toBe(1);
  });

  test('order does not matter; one value is every percentile', () => {
    expect(histogramOf([...oneToHundred].reverse()).percentile(95)).toBe(95);
    const one = histogramOf([7.5]);
    expect([one.percentile(1), one.percentile(50), one.percentile(99)]).toEqual([7.5, 7.5, 7.5]);
  });

  test('3 significant digits, rounded up, never above the exact max', () => {
    const h = histogramOf([1.2341, 336.21, 12345.6]);
    expect(h.percentile(1)).toBeCloseTo(1.24, 10);
    expect(h.percentile(50)).toBeCloseTo(337, 10);
    expect(h.percentile(99)).toBe(12345.6);
    expect(h.max).toBe(12345.6);
    expect(histogramOf([1.23]).percentile(50)).toBeCloseTo(1.23, 10);
  });

  test('empty and invalid values', () => {
    const h = histogramOf([Number.NaN, -1]);
    expect(h.count).toBe(0);
    expect(h.percentile(95)).toBeUndefined();
  });
});

describe('stats and thresholds', () => {
  const counts = {
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    duration: 10,
    statusCodeStats: { '200': { count: 100 } },
  };

  test('loadStats: rps and error rate over attempted requests', () => {
    const stats = loadStats(
      {
        ...counts,
        errors: 5,
        timeouts: 2,
        non2xx: 5,
        statusCodeStats: { '200': { count: 95 }, '503': { count: 5 } },
      },
      histogramOf(oneToHundred),
    );
    expect(stats).toMatchObject({
      responses: 100,
      errors: 5,
      timeouts: 2,
      non2xx: 5,
      rps: 10,
      errorRate: 10 / 105,
      latency: { p50: 50, p90: 90, p95: 95, p99: 99, max: 100 },
      statusCodes: { '200': 95, '503': 5 },
    });
  });

  test('every configured threshold is evaluated, breached ones fail', () => {
    const stats = loadStats(counts, histogramOf(oneToHundred));
    const results = evaluateThresholds(
      { 'max-p95-ms': 94, 'max-p99-ms': 99, 'max-error-rate': 0, 'min-rps': 11 },
      stats,
    );
    expect(results.map((r) => [r.name, r.passed, r.text])).toEqual([
      ['max-p95-ms', false, 'p95 95.0 ms > 94.0 ms'],
      ['max-p99-ms', true, 'p99 99.0 ms ≤ 99.0 ms'],
      ['max-error-rate', true, 'error rate 0.00% ≤ 0.00%'],
      ['min-rps', false, 'throughput 10.0 req/s < 11.0 req/s'],
    ]);
    expect(evaluateThresholds({}, stats)).toEqual([]);
  });

  test('no response: latency thresholds cannot pass', () => {
    const stats = loadStats({ ...counts, errors: 40, statusCodeStats: {} }, new LatencyHistogram());
    expect(stats.errorRate).toBe(1);
    const results = evaluateThresholds({ 'max-p95-ms': 100, 'max-error-rate': 0.5 }, stats);
    expect(results.map((r) => [r.passed, r.text])).toEqual([
      [false, 'p95: no response to measure'],
      [false, 'error rate 100.00% > 50.00%'],
    ]);
    expect(judge(stats, []).conclusion).toBe('failure');
  });

  test('judge: summary names each breached threshold', () => {
    const stats = loadStats(counts, histogramOf(oneToHundred));
    expect(judge(stats, evaluateThresholds({ 'max-p95-ms': 250 }, stats))).toEqual({
      conclusion: 'success',
      summary: 'p95 95.0 ms, p99 99.0 ms, 10.0 req/s, 0.00% errors; the threshold passed',
    });
    const failed = judge(stats, evaluateThresholds({ 'max-p95-ms': 50, 'max-p99-ms': 60 }, stats));
    expect(failed.conclusion).toBe('failure');
    expect(failed.summary).toBe(
      'max-p95-ms breached: p95 95.0 ms > 50.0 ms; max-p99-ms breached: p99 99.0 ms > 60.0 ms ' +
        '(p95 95.0 ms, p99 99.0 ms, 10.0 req/s, 0.00% errors)',
    );
  });
});

describe('rendering', () => {
  test('latency percentile table', () => {
    expect(latencyTable({ p50: 2.5891, p90: 9.9, p95: 14.84, p99: 40.88, max: 1164.9 })).toBe(
      [
        '| latency (ms) | p50 | p90 | p95 | p99 | max |',
        '|---|---:|---:|---:|---:|---:|',
        '| all responses | 2.59 | 9.90 | 14.8 | 40.9 | 1165 |',
      ].join('\n'),
    );
    expect(latencyTable(undefined)).toContain('| all responses | – | – | – | – | – |');
  });

  test('details: profile, tables, thresholds and notes', () => {
    const stats: LoadStats = loadStats(
      { errors: 1, timeouts: 1, non2xx: 0, duration: 5, statusCodeStats: { '200': { count: 100 } } },
      histogramOf(oneToHundred),
    );
    const md = renderLoadDetails(
      { method: 'GET', url: 'http://h/', duration: '5s', connections: 4, rate: 50 },
      stats,
      evaluateThresholds({ 'max-p95-ms': 100, 'max-error-rate': 0.001 }, stats),
      ['a note'],
    );
    expect(md).toContain('**Load**: `GET http://h/` for 5s, 4 connections, at most 50 req/s overall');
    expect(md).toContain('| all responses | 50.0 | 90.0 | 95.0 | 99.0 | 100.0 |');
    expect(md).toContain('| 100 | 20.0 req/s | 1 | 1 | 0 | 0.99% |');
    expect(md).toContain('Status codes: 200: 100');
    expect(md).toContain('| `max-p95-ms` | 100.0 ms | 95.0 ms | ✓ passed |');
    expect(md).toContain('| `max-error-rate` | 0.10% | 0.99% | ✗ failed |');
    expect(md).toContain('> a note');
  });
});

test('reconnectCleanly drops requests in flight on the old connection before reconnecting', () => {
  const calls: string[] = [];
  const fake = {
    pipelinedRequests: { clear: () => calls.push('clear') },
    parser: { type: 'RESPONSE', reinitialize: (t: unknown) => calls.push(`parser ${String(t)}`) },
    _connect(this: { tag: string }) {
      calls.push(`connect ${this.tag}`);
    },
    tag: 'client',
  };
  reconnectCleanly(fake as unknown as Client);
  (fake as unknown as { _connect: () => void })._connect();
  expect(calls).toEqual(['clear', 'parser RESPONSE', 'connect client']);
  // Unknown internals: left alone.
  const other = { on: () => undefined };
  reconnectCleanly(other as unknown as Client);
  expect(Object.keys(other)).toEqual(['on']);
});
