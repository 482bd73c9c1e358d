// The multi-node cluster scripts/swarm.sh starts: three dockerd, each in its own network namespace,
// joined as a swarm, with a registry every engine and this host reach as 127.0.0.1:5077. Tests
// read /run/iqa-swarm/env; in CI a cluster that is not up fails them (never a silent skip).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { slowDbService } from './fixtures.js';
import { pushBusyboxFixture } from './registry-fixture.js';

export interface SwarmCluster {
  /** The manager's socket (unix://…): where stacks are deployed. */
  manager: string;
  /** Every node's socket, node 1 (manager) first. */
  nodes: string[];
  /** Every node's tcp://<address>:2375, on the private bridge (192.168.77.1N). */
  tcp: string[];
  /** host:port of the cluster's registry, the same name on this host and on every node. */
  registry: string;
}

const ENV_FILE = '/run/iqa-swarm/env';

function read(): SwarmCluster | undefined {
  let text: string;
  try {
    text = readFileSync(ENV_FILE, 'utf8');
  } catch {
    return undefined;
  }
  const vars = Object.fromEntries(
    text
      .split('\n')
      .map((line) => /^([A-Z_]+)='?([^']*)'?$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
  const { IQA_SWARM_MANAGER, IQA_SWARM_NODES, IQA_SWARM_TCP, IQA_SWARM_REGISTRY } = vars;
  if (!IQA_SWARM_MANAGER || !IQA_SWARM_NODES || !IQA_SWARM_TCP || !IQA_SWARM_REGISTRY) return undefined;
  return {
    manager: IQA_SWARM_MANAGER,
    nodes: IQA_SWARM_NODES.split(' '),
    tcp: IQA_SWARM_TCP.split(' '),
    registry: IQA_SWARM_REGISTRY,
  };
}

/**
 * The running cluster, checked to answer with three Ready nodes. Without one: an error in CI
 * (CI=true), else undefined and a note on stderr (the caller skips).
 */
export function swarmCluster(): SwarmCluster | undefined {
  const cluster = read();
  let problem: string | undefined;
  if (!cluster) problem = `no cluster (${ENV_FILE} is missing)`;
  else {
    try {
      const ready = execFileSync('docker', ['-H', cluster.manager, 'node', 'ls', '--format', '{{.Status}}'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      })
        .split('\n')
        .filter((s) => s === 'Ready').length;
      if (ready !== cluster.nodes.length) problem = `${ready} of ${cluster.nodes.length} nodes are Ready`;
    } catch (error) {
      problem = `the manager does not answer: ${(error as Error).message.split('\n')[0]}`;
    }
  }
  if (!problem) return cluster;
  const message = `multi-node tests need the swarm of scripts/swarm.sh: ${problem}. Run: sudo bash scripts/swarm.sh up`;
  if (process.env.CI === 'true') throw new Error(message);
  process.stderr.write(`skipping: ${message}\n`);
  return undefined;
}

/** `docker -H <engine> …` → stdout, trimmed. */
export function dockerOn(engine: string, ...args: string[]): string {
  return execFileSync('docker', ['-H', engine, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** What of immutable-qa's (label io.immutable-qa.managed) is on an engine: containers, networks, volumes. */
export function managedOn(engine: string): { containers: number; networks: number; volumes: number } {
  const count = (...args: string[]): number =>
    dockerOn(engine, ...args, '-q', '--filter', 'label=io.immutable-qa.managed=true')
      .split('\n')
      .filter(Boolean).length;
  return { containers: count('ps', '-a'), networks: count('network', 'ls'), volumes: count('volume', 'ls') };
}

/**
 * A dependency image (busybox, not built from the repository) pushed to the cluster's registry and
 * named by digest: no node resolves a tag on its own for it either.
 */
export async function pushDependency(
  registry: string,
  repo: string,
): Promise<{ ref: string; cleanup(): Promise<void> }> {
  const pushed = await pushBusyboxFixture(registry, repo, 'v1');
  const ref = execFileSync(
    'docker',
    ['image', 'inspect', '--format', '{{index .RepoDigests 0}}', pushed.ref],
    {
      encoding: 'utf8',
    },
  ).trim();
  return { ref, cleanup: () => pushed.cleanup() };
}

/**
 * The app (the tested image, 3 replicas, at most one per node, host-mode port), a database that is
 * healthy after ~2 s (its healthcheck every `dbInterval`), and a one-shot migration: compose the way
 * teams write it, `depends_on` and all.
 */
export function spreadCompose(dependency: string, dbInterval = '500ms'): string {
  return `services:
  web:
    image: \${IMMUTABLE_QA_IMAGE}
    ports: ["8080"]
    depends_on:
      db: { condition: service_healthy }
      migrate: { condition: service_completed_successfully }
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
      interval: 1s
      retries: 30
    deploy:
      replicas: 3
      endpoint_mode: dnsrr
      placement: { max_replicas_per_node: 1 }
${slowDbService(dependency, dbInterval)}    deploy: { endpoint_mode: dnsrr }
  migrate:
    image: ${dependency}
    command: ["/bin/busybox", "echo", "migrated"]
    restart: "no"
`;
}
