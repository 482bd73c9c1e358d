// The swarm backend's stack file from what `compose config` rendered (stack-file.ts): images as
// rendered (the tested one pinned), our labels on services and tasks, host-mode ports, one-shot
// services as replicated jobs, compose-only keys dropped and named. `docker stack deploy` taking
// the result is proven by swarm.itg.test.ts on the real cluster.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackFile } from '../../src/environment/stack-file.js';
import { ROOT } from '../support/fixtures.js';

const RENDERED = readFileSync(
  join(ROOT, '__tests__/environment/fixtures/stack-compose.rendered.yml'),
  'utf8',
);
const LABELS = { 'io.immutable-qa.managed': 'true', 'io.immutable-qa.pr': '7' };
const DIGEST = { 'io.immutable-qa.digest': 'sha256:abc' };

interface Service {
  image?: string;
  labels?: Record<string, string>;
  deploy?: { labels?: Record<string, string>; restart_policy?: unknown; mode?: string };
  ports?: unknown[];
  environment?: Record<string, string>;
  networks?: unknown;
  volumes?: unknown[];
}
interface Doc {
  name?: string;
  services: Record<'web' | 'db' | 'migrate', Service>;
  networks: Record<'back' | 'default' | 'shared', { labels?: Record<string, string> }>;
  volumes: Record<'data' | 'cache', { labels?: Record<string, string> }>;
}

function build(pinned?: { services: string[]; image: string }) {
  const stack = stackFile(RENDERED, {
    labels: LABELS,
    tested: { services: ['web'], labels: DIGEST },
    ...(pinned ? { pinned } : {}),
  });
  return { ...stack, doc: JSON.parse(stack.text) as Doc };
}

test('every service keeps its image as rendered; a service that builds the tested image runs it', () => {
  const { doc } = build({ services: ['web'], image: 'reg/app@sha256:tested' });
  expect(doc.services.web.image).toBe('reg/app@sha256:tested');
  expect(doc.services.db.image).toBe(
    'postgres@sha256:0000000000000000000000000000000000000000000000000000000000000000',
  );
  expect(build().doc.services.web.image).toBe('reg/app@sha256:abc');
});

test('our labels on the service and on its tasks; the digest only where the tested image runs', () => {
  const { doc } = build();
  expect(doc.services.web.labels).toEqual({ ...LABELS, ...DIGEST });
  expect(doc.services.web.deploy?.labels).toEqual({ ...LABELS, ...DIGEST });
  expect(doc.services.db.labels).toEqual(LABELS);
  expect(doc.services.db.deploy?.labels).toEqual(LABELS);
  expect(doc.networks.back.labels).toEqual(LABELS);
  expect(doc.volumes.data.labels).toEqual(LABELS);
});

test('ports are host-mode: the engine picks a free one unless one is fixed; host_ip goes', () => {
  expect(build().doc.services.web.ports).toEqual([
    { target: 8080, protocol: 'tcp', mode: 'host' },
    { target: 9000, published: 9000, protocol: 'udp', mode: 'host' },
  ]);
});

test('a one-shot service runs once, is never restarted, and says so; restart: maps to a policy', () => {
  const { doc, jobs } = build();
  expect(jobs).toEqual(['migrate']);
  // Not mode: replicated-job, whose finished container the engine leaves on its node after stack rm.
  expect(doc.services.migrate.deploy).toEqual({
    labels: { ...LABELS, 'io.immutable-qa.one-shot': 'true' },
    replicas: 1,
    restart_policy: { condition: 'none' },
  });
  expect(doc.services.web.deploy?.restart_policy).toEqual({ condition: 'any' });
});

test('compose-only keys are dropped and named; nulls compose renders are gone', () => {
  const { doc, dropped } = build({ services: ['web'], image: 'reg/app@sha256:tested' });
  expect(dropped).toEqual({ web: ['container_name', 'depends_on'] });
  expect(build().dropped).toEqual({ web: ['container_name', 'depends_on', 'build'] });
  expect(doc.services.web).not.toHaveProperty('build');
  expect(doc.services.web).not.toHaveProperty('restart');
  expect(doc.services.web.environment).toEqual({ A: '1' });
  expect(doc.services.migrate.networks).toEqual(['default']);
  expect(doc.services.db.networks).toEqual({ back: { aliases: ['database'] } });
  expect(doc.services.db.volumes).toEqual([
    { type: 'volume', source: 'data', target: '/var/lib/postgresql/data' },
  ]);
});

test('networks are overlay and attachable, named by the stack (not compose’s name:)', () => {
  const { doc } = build();
  expect(doc.networks).toEqual({
    back: { driver: 'overlay', attachable: true, labels: LABELS },
    default: { driver: 'overlay', attachable: true, labels: LABELS },
  });
  expect(doc.volumes).toEqual({ data: { labels: LABELS } });
  expect(doc).not.toHaveProperty('name');
});

test('external networks and volumes stay external, by their name', () => {
  const rendered = `services:\n  a: { image: x, networks: [shared] }\nnetworks:\n  shared: { external: true, name: corp-net }\nvolumes:\n  cache: { external: true, name: corp-cache }\n`;
  const doc = JSON.parse(
    stackFile(rendered, { labels: {}, tested: { services: [], labels: {} } }).text,
  ) as Doc;
  expect(doc.networks).toEqual({ shared: { external: true, name: 'corp-net' } });
  expect(doc.volumes).toEqual({ cache: { external: true, name: 'corp-cache' } });
});
