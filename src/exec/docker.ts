// Docker CLI access: one binary, one env, every call goes through exec(). A call the engine does
// not answer raises EngineUnreachableError here, where the engine is called, so callers classify
// "the daemon is gone" by type (exit 3) and never by matching messages themselves.
import { EngineUnreachableError, errorMessage, InfrastructureError } from '../model/errors.js';
import { engineEnv, effectiveDockerHost } from './engine.js';
import { exec, execChecked, tail, type ExecOptions, type ExecResult } from './exec.js';

export function dockerBin(): string {
  return process.env.IMMUTABLE_QA_DOCKER ?? 'docker';
}

/** What the Docker CLI (and compose, which uses its client) prints when it cannot reach the engine. */
const UNREACHABLE = /Cannot connect to the Docker daemon|error during connect|Is the docker daemon running/i;

/** The typed error for a failed call whose output says the engine did not answer, else undefined. */
export function engineUnreachable(result: ExecResult): EngineUnreachableError | undefined {
  if (result.code === 0 || !UNREACHABLE.test(`${result.stderr}\n${result.stdout}`)) return undefined;
  const command = result.argv.slice(1, 3).join(' ');
  return new EngineUnreachableError(
    `the Docker engine stopped answering (${command}): ${tail(result.stderr || result.stdout, 3)}`,
  );
}

/** Runs a Docker CLI argv (docker …, docker compose …, docker-compose …); throws EngineUnreachableError. */
export async function engineExec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  const result = await exec(argv, onScopeEngine(options));
  const unreachable = engineUnreachable(result);
  if (unreachable) throw unreachable;
  return result;
}

export function docker(args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  return engineExec([dockerBin(), ...args], options);
}

export function dockerChecked(args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  return execChecked([dockerBin(), ...args], onScopeEngine(options));
}

/** The options with the env pointed at the engine of the current scope (exec/engine.ts). */
function onScopeEngine(options: ExecOptions): ExecOptions {
  return { ...options, env: engineEnv(options.env ?? process.env) };
}

/**
 * Throws EngineUnreachableError when the engine does not answer now: after a long call failed
 * (a build), this tells "the daemon died" (exit 3) from "the build failed" (a failed phase), whatever
 * the failed call printed.
 */
export async function assertEngineAnswers(): Promise<void> {
  const result = await exec(
    [dockerBin(), 'version', '--format', '{{.Server.Version}}'],
    onScopeEngine({}),
  ).catch(() => undefined);
  if (!result || result.code !== 0)
    throw new EngineUnreachableError(
      `the Docker engine stopped answering: ${result ? tail(result.stderr, 3) : `${dockerBin()} did not run`}`,
    );
}

/**
 * The engine answering (`docker version`), asked once per process and engine: what every run
 * checks first, so that askAhead() can ask it while the config loads. A failure is not kept.
 */
export function engineAnswers(): Promise<void> {
  // exec, not docker(): this message, not the wrapper's, says what to do about it.
  return askedOnce(
    'engine',
    () =>
      exec([dockerBin(), 'version', '--format', '{{.Server.Version}}'], onScopeEngine({})).then(
        (result) => {
          if (result.code !== 0)
            throw new EngineUnreachableError(
              `the Docker engine does not answer: ${tail(result.stderr, 3)} (start dockerd or Docker Desktop)`,
            );
        },
        (e: unknown) => {
          throw new InfrastructureError(`cannot run docker: ${errorMessage(e)}`);
        },
      ),
    { keepFailure: false },
  );
}

/** Starts what a qa run asks the engine first, so that it runs while the surface loads the config. */
export function askAhead(): void {
  engineAnswers().catch(() => undefined);
  void hasPlugin('buildx');
}

/** Answers of this process about the docker CLI and engine: asked once, not by every phase. */
const answers = new Map<string, Promise<unknown>>();

/**
 * `ask()` once per question, docker binary and engine (DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CONFIG
 * pick another one); `keepFailure: false` asks again after a rejection.
 */
function askedOnce<T>(
  question: string,
  ask: () => Promise<T>,
  options: { keepFailure?: boolean } = {},
): Promise<T> {
  const { DOCKER_CONTEXT, DOCKER_CONFIG } = process.env;
  const key = [
    dockerBin(),
    question,
    effectiveDockerHost() ?? '',
    DOCKER_CONTEXT ?? '',
    DOCKER_CONFIG ?? '',
  ].join('\n');
  let answer = answers.get(key) as Promise<T> | undefined;
  if (!answer) {
    answer = ask();
    answers.set(key, answer);
    if (options.keepFailure === false) answer.catch(() => answers.delete(key));
  }
  return answer;
}

/** Whether a CLI plugin (buildx, compose) answers. Overridable for forcing a path. */
export async function hasPlugin(name: 'buildx' | 'compose'): Promise<boolean> {
  const forced = process.env[name === 'buildx' ? 'IMMUTABLE_QA_BUILDER' : 'IMMUTABLE_QA_COMPOSE'];
  if (forced) return forced === (name === 'buildx' ? 'buildx' : 'v2');
  return askedOnce(name, () =>
    docker([name, 'version']).then(
      (result) => result.code === 0,
      () => false,
    ),
  );
}

/**
 * The current buildx builder's driver (`docker`, `docker-container`, …), or undefined when buildx
 * does not say. `docker` means BuildKit inside the engine: what it builds is stored there.
 */
export function builderDriver(): Promise<string | undefined> {
  return askedOnce('buildx driver', () =>
    docker(['buildx', 'inspect']).then(
      (result) => (result.code === 0 ? /^Driver:\s*(\S+)/m.exec(result.stdout)?.[1] : undefined),
      () => undefined,
    ),
  );
}
