// What the docker CLI and engine answer is asked once per process and engine (exec/docker.ts):
// a fake docker that counts its calls shows the memo, its key and that a failure is asked again.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineAnswers, hasPlugin } from '../../src/exec/docker.js';

const dir = mkdtempSync(join(tmpdir(), 'iqa-docker-answers-'));
const calls = join(dir, 'calls');
const fake = join(dir, 'docker');
// Answers `version` only once `up` exists; every call is logged with DOCKER_HOST.
writeFileSync(
  fake,
  `#!/bin/sh\necho "$DOCKER_HOST $*" >> ${calls}\n[ "$1" = version ] && { [ -e ${dir}/up ] || { echo 'Cannot connect to the Docker daemon' >&2; exit 1; }; echo 20.10.24; }\nexit 0\n`,
);
chmodSync(fake, 0o755);
const saved = { ...process.env };
beforeAll(() => {
  process.env.IMMUTABLE_QA_DOCKER = fake;
  delete process.env.IMMUTABLE_QA_BUILDER;
});
afterAll(() => {
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
});
const called = (): string[] => readFileSync(calls, 'utf8').trim().split('\n');

test('the engine: a failure is asked again, an answer is kept per engine', async () => {
  process.env.DOCKER_HOST = 'unix:///one.sock';
  await expect(engineAnswers()).rejects.toThrow(/does not answer: Cannot connect .* \(start dockerd/);
  writeFileSync(join(dir, 'up'), '');
  await expect(engineAnswers()).resolves.toBeUndefined();
  await expect(engineAnswers()).resolves.toBeUndefined();
  expect(called().filter((c) => c.includes('version'))).toHaveLength(2);
  // Another engine is another question.
  process.env.DOCKER_HOST = 'unix:///two.sock';
  await engineAnswers();
  expect(called().filter((c) => c.startsWith('unix:///two.sock version'))).toHaveLength(1);
});

test('a plugin answer is kept, failure or not', async () => {
  process.env.DOCKER_HOST = 'unix:///three.sock';
  expect(await hasPlugin('buildx')).toBe(true);
  expect(await hasPlugin('buildx')).toBe(true);
  expect(called().filter((c) => c === 'unix:///three.sock buildx version')).toHaveLength(1);
});
