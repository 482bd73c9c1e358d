// 5. Teardown of a 3-service environment: time and leftovers.
import { cli, configFor, makeRepo } from '../__tests__/support/fixtures.js';
import { leftovers, removeByLabel } from '../src/environment/compose.js';
import type { QaRecord } from '../src/model/record.js';
import { fmtSpread, spread, timed } from './stats.js';

const COMPOSE = ['web', 'api', 'worker']
  .map(
    (s) =>
      `  ${s}:\n    image: \${IMMUTABLE_QA_IMAGE}\n    ports: ["8080"]\n    volumes: [${s}-data:/data]\n    healthcheck: { test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"], interval: 1s, retries: 30 }\n`,
  )
  .join('');
const COMPOSE_FILE = `services:\n${COMPOSE}volumes:\n  web-data: {}\n  api-data: {}\n  worker-data: {}\n`;

export async function teardown(reps = 5): Promise<string> {
  const repo = makeRepo(configFor('bench-teardown', `  - name: page\n    run: exit 0\n`), {
    'compose.yml': COMPOSE_FILE,
  });
  const times: number[] = [];
  let left = { containers: 0, networks: 0, volumes: 0 };
  try {
    for (let i = 0; i < reps; i++) {
      const pr = 700 + i;
      const up = await cli(['qa', '--config', repo.config, '--pr', String(pr), '--keep', '--json'], {
        cwd: repo.dir,
      });
      if (up.code !== 0) throw new Error(`qa failed: ${up.stderr}`);
      const project = (JSON.parse(up.stdout) as QaRecord).environment.project;
      const down = await timed(() =>
        cli(['teardown', '--config', repo.config, '--pr', String(pr)], { cwd: repo.dir }),
      );
      if (down.value.code !== 0) throw new Error(`teardown failed: ${down.value.stderr}`);
      times.push(down.ms);
      const l = await leftovers(project);
      left = {
        containers: left.containers + l.containers,
        networks: left.networks + l.networks,
        volumes: left.volumes + l.volumes,
      };
      await removeByLabel(project);
    }
  } finally {
    repo.cleanup();
  }
  const s = spread(times);
  const total = left.containers + left.networks + left.volumes;
  return [
    '## 5. Teardown of a 3-service environment',
    '`immutable-qa teardown --pr N` (bundled CLI, process start included) on an environment of 3 services, each',
    `with a published port, a healthcheck and a named volume, plus the project network; ${reps} runs.`,
    '',
    `| time | ${fmtSpread(s)} — goal ≤ 3 s: ${s.median <= 3000 ? 'met' : 'missed'} |`,
    '|---|---|',
    `| leftovers (containers + networks + volumes, all runs) | **${total}** (goal 0) |`,
  ].join('\n');
}
