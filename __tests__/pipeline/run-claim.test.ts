// How a replaced run's steps say why they were cancelled (pure; the engine side is in
// concurrent-runs.itg.test.ts).
import { explainReplaced, replacementOf, RunReplacedError } from '../../src/pipeline/run-claim.js';

const NEWER = '20261202010204957-00000000';

function aborted(reason: unknown): AbortSignal {
  const c = new AbortController();
  c.abort(reason);
  return c.signal;
}

const steps = [
  { name: 'build', conclusion: 'success', summary: 'built' },
  { name: 'environment', conclusion: 'cancelled', summary: 'cancelled' },
  { name: 'page', conclusion: 'cancelled', summary: 'cancelled before it started' },
  { name: 'load', conclusion: 'cancelled', summary: 'stopped after 3 s' },
  { name: 'drift', conclusion: 'failure', summary: 'drifted' },
];

test('replaced: every cancelled step names the newer run, the others stay as they are', () => {
  const signal = aborted(new RunReplacedError('20261202010203456-9f3a1c2b', NEWER));
  expect(replacementOf(signal)?.by).toBe(NEWER);
  expect(explainReplaced(signal, steps).map((s) => `${s.name}: ${s.summary}`)).toEqual([
    'build: built',
    `environment: cancelled: replaced by run ${NEWER}`,
    `page: cancelled: replaced by run ${NEWER}`,
    `load: stopped after 3 s (replaced by run ${NEWER})`,
    'drift: drifted',
  ]);
  // Explaining twice (the record, then the reporter) says it once.
  expect(explainReplaced(signal, explainReplaced(signal, steps))).toEqual(explainReplaced(signal, steps));
});

test('cancelled by a signal, or not cancelled: the steps are unchanged', () => {
  expect(explainReplaced(aborted(new Error('received SIGTERM')), steps)).toEqual(steps);
  expect(explainReplaced(new AbortController().signal, steps)).toEqual(steps);
  expect(replacementOf(aborted(new Error('received SIGTERM')))).toBeUndefined();
});
