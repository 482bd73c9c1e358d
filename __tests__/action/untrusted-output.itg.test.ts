// Issue 11, items 1 and 2, as the runner sees them: the bundle driven like the runner (INPUT_*,
// GITHUB_*, the output and state files, the post step with the saved state), with checks that try
// the attacks. executedCommands() reads stdout the way the runner does, so "not executed" here is
// what the runner would not execute.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leftovers, removeByLabel } from '../../src/environment/compose.js';
import type { QaRecord } from '../../src/model/record.js';
import { configFor, helloProject, makeRepo, readOutputs, type Repo } from '../support/fixtures.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { runMain, runnerEnv, runPost } from '../support/runner.js';
import { executedCommands, type WorkflowCommand } from '../support/workflow-commands.js';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function scratch(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A committed fixture repo; the runner's files (outputs, state, event) stay out of its tree. */
function repo(config: string, extra: Record<string, string> = {}): Repo {
  const r = makeRepo(config, {
    '.gitignore': 'busybox\n.immutable-qa/\noutput.txt\nstate.txt\nsummary.txt\nevent.json\n',
    ...extra,
  });
  cleanups.push(() => r.cleanup());
  return r;
}

function event(dir: string, sha: string, pr: number): string {
  const path = join(dir, 'event.json');
  writeFileSync(
    path,
    JSON.stringify({
      action: 'synchronize',
      number: pr,
      pull_request: {
        number: pr,
        title: 't',
        head: { sha, ref: 'feature', repo: { full_name: 'acme/hello' } },
        base: { ref: 'main', repo: { full_name: 'acme/hello' } },
      },
      repository: { full_name: 'acme/hello' },
    }),
  );
  return path;
}

/** What the runner does with the step's stdout on top of the files: set-output and save-state. */
function runnerView(
  stdout: string,
  file: Record<string, string>,
  name: 'set-output' | 'save-state',
): Record<string, string> {
  const view = { ...file };
  for (const c of executedCommands(stdout).filter((c) => c.name === name)) {
    const key = /name=([^,;]*)/.exec(c.properties)?.[1];
    if (key) view[key] = c.data;
  }
  return view;
}

const forged = (commands: WorkflowCommand[]): WorkflowCommand[] =>
  commands.filter((c) => /INJECTED/.test(`${c.name} ${c.properties} ${c.data}`));

/** Every workflow command a hostile check could print, in both syntaxes, then ordinary output. */
const ATTACK = [
  '::set-output name=tested-tag::qa-INJECTED-run',
  '::set-output name=image-ref::evil.example/x@sha256:INJECTED',
  '::set-output name=verdict::INJECTED',
  '::add-mask::INJECTED',
  '::save-state name=done::true',
  '::save-state name=project::iqa-INJECTED',
  '::set-env name=INJECTED::1',
  '::add-path::/tmp/INJECTED',
  '::warning title=INJECTED::INJECTED',
  '::error::INJECTED',
  '  ::notice::INJECTED',
  '##[set-output name=tested-tag;]qa-INJECTED-v1',
  '::stop-commands::guessed',
  '::guessed::',
  '::set-output name=digest::INJECTED',
  'ordinary output',
].join('\n');

describe('untrusted output cannot run workflow commands (issue 11, item 1)', () => {
  test('a check that prints every command: none runs, the outputs are ours, the text is shown', async () => {
    const r = repo(configFor('hello-inject', `  - name: attack\n    run: cat tests/attack.out\n`), {
      'tests/attack.out': `${ATTACK}\n`,
    });
    const env = runnerEnv(r, { event: event(r.dir, r.sha, 31) });
    cleanups.push(() => removeByLabel(helloProject(31)));
    const result = await runMain(r, env);
    expect({ code: result.code, out: result.code === 0 ? '' : result.stdout + result.stderr }).toEqual({
      code: 0,
      out: '',
    });
    expect(forged(executedCommands(result.stdout))).toEqual([]);
    // The check's output is in the log, as text.
    expect(result.stdout).toContain('::set-output name=tested-tag::qa-INJECTED-run');
    expect(result.stdout).toContain('ordinary output');
    const outputs = runnerView(result.stdout, readOutputs(env.GITHUB_OUTPUT!), 'set-output');
    expect(outputs.verdict).toBe('passed');
    expect(outputs['tested-tag']).toMatch(/^qa-[0-9a-f]{40}$/);
    expect(outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const state = runnerView(result.stdout, readOutputs(env.GITHUB_STATE!), 'save-state');
    expect(Object.values(state).join(' ')).not.toContain('INJECTED');
    expect(state.done).toBeUndefined();
  });

  test('a forged `done` state after main was killed: the post step still tears the environment down', async () => {
    const marks = scratch('iqa-marks-');
    const r = repo(
      configFor(
        'hello-forge',
        [
          `  - name: forge`,
          `    run: printf '::save-state name=done::true\\n::save-state name=keep::true\\n'; touch ${marks}/forged`,
          `  - name: slow`,
          `    run: touch ${marks}/started; sleep 120`,
          `    timeout: 5m`,
          ``,
        ].join('\n'),
      ),
    );
    const project = helloProject(32);
    cleanups.push(() => removeByLabel(project));
    const env = runnerEnv(r, { event: event(r.dir, r.sha, 32) });
    const main = runMain(r, env);
    for (
      let i = 0;
      i < 1200 && !(existsSync(join(marks, 'started')) && existsSync(join(marks, 'forged')));
      i++
    )
      await new Promise((res) => setTimeout(res, 100));
    await new Promise((res) => setTimeout(res, 1500)); // the forge check's log is printed when it ends
    main.kill('SIGKILL');
    const ended = await main;
    expect(ended.stdout).toContain('::save-state name=done::true'); // shown…
    expect((await leftovers(project)).containers).toBe(1); // …and main could not clean up
    // The runner hands the post step the state from the file plus any save-state it executed.
    const saved = runnerView(ended.stdout, readOutputs(env.GITHUB_STATE!), 'save-state');
    expect(saved.done).toBeUndefined();
    expect(saved.keep).toBeUndefined();
    writeFileSync(
      env.GITHUB_STATE!,
      Object.entries(saved)
        .map(([k, v]) => `${k}<<EOS\n${v}\nEOS\n`)
        .join(''),
    );
    const post = await runPost(r, env);
    expect(post.code).toBe(0);
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});

describe('checks cannot read the registry credentials (issue 11, item 2)', () => {
  const USER = 'qa-bot';
  const PASS = 'Registry-Pa55word-never-in-a-log';
  let registry: RunningRegistry;
  beforeAll(async () => {
    registry = await startRegistry({ htpasswd: { user: USER, pass: PASS } });
  });
  afterAll(async () => registry.stop());

  test("the action's login lives in a private config for the run; checks see no credential", async () => {
    const home = scratch('iqa-home-');
    const runnerTemp = scratch('iqa-runner-temp-');
    const image = `${registry.host}/hello-creds`;
    const r = repo(
      configFor(
        image,
        [
          `  - name: peek`,
          `    run: |`,
          `      echo "DOCKER_CONFIG=\${DOCKER_CONFIG:-unset}"`,
          `      cat "\${DOCKER_CONFIG:-$HOME/.docker}/config.json" || true`,
          `      cat "$HOME/.docker/config.json" || true`,
          `      env | sort`,
          `      docker pull ${image}:pr-33 2>&1 || echo "pull without credentials refused"`,
          ``,
        ].join('\n'),
      ),
    );
    const env: NodeJS.ProcessEnv = {
      ...runnerEnv(r, {
        event: event(r.dir, r.sha, 33),
        inputs: { 'registry-username': USER, 'registry-password': PASS, 'github-token': 'ghs_secret' },
      }),
      HOME: home,
      RUNNER_TEMP: runnerTemp,
      GITHUB_TOKEN: 'ghs_workflow_secret',
    };
    cleanups.push(() => removeByLabel(helloProject(33)));
    const result = await runMain(r, env);
    expect({ code: result.code, out: result.code === 0 ? '' : result.stdout + result.stderr }).toEqual({
      code: 0,
      out: '',
    });
    const outputs = readOutputs(env.GITHUB_OUTPUT!);
    expect(outputs.verdict).toBe('passed'); // the push worked with the private config
    const log = readFileSync(join(r.dir, '.immutable-qa/checks/peek.log'), 'utf8');
    const basic = Buffer.from(`${USER}:${PASS}`).toString('base64');
    expect(log).toContain('pull without credentials refused');
    for (const secret of [PASS, basic, 'ghs_secret', 'ghs_workflow_secret'])
      expect({ secret, leaked: log.includes(secret) }).toEqual({ secret, leaked: false });
    expect(log).not.toMatch(/^(INPUT_|ACTIONS_|GITHUB_TOKEN=)/m);
    // The runner is told to mask the encoded forms too.
    const masks = executedCommands(result.stdout)
      .filter((c) => c.name === 'add-mask')
      .map((c) => c.data);
    expect(masks).toEqual(expect.arrayContaining([PASS, basic]));
    // Nothing of the login outlives the step: not in HOME, not in RUNNER_TEMP, not in the record.
    const homeConfig = join(home, '.docker/config.json');
    expect(existsSync(homeConfig) ? readFileSync(homeConfig, 'utf8') : '').not.toContain(registry.host);
    expect(readdirSync(runnerTemp).filter((f) => f.startsWith('immutable-qa-docker-'))).toEqual([]);
    const record = JSON.parse(readFileSync(outputs.record!, 'utf8')) as QaRecord;
    expect(JSON.stringify(record)).not.toContain(basic);
    const post = await runPost(r, env);
    expect(post.code).toBe(0);
  });
});
