// Endpoints and the network from the containers readiness inspected (one inspect, issue 14), and
// the engine events that wake readiness.
import type { ContainerState } from '../../src/environment/backend.js';
import { projectNetwork, publishedAddress, publishedPorts } from '../../src/environment/endpoints.js';
import { eventsArgv, parseEvent } from '../../src/environment/engine-events.js';

const web = (ports: Record<string, string>, networks = ['p_default']): ContainerState => ({
  id: 'c1',
  name: 'p-web-1',
  service: 'web',
  image: 'sha256:a',
  status: 'running',
  exitCode: 0,
  ports,
  networks,
});

test('published ports as inspect shows them: the host port on loopback, unpublished ones left out', () => {
  expect(
    publishedPorts({
      '8080/tcp': [
        { HostIp: '0.0.0.0', HostPort: '49153' },
        { HostIp: '::', HostPort: '49153' },
      ],
      '9090/tcp': null,
      '53/udp': [{ HostIp: '0.0.0.0', HostPort: '40000' }],
    }),
  ).toEqual({ '8080/tcp': '127.0.0.1:49153', '53/udp': '127.0.0.1:40000' });
  expect(publishedPorts(null)).toEqual({});
});

test('an endpoint is the service’s published tcp port; one it does not publish says how to', () => {
  const containers = [web({ '8080/tcp': '127.0.0.1:49153' })];
  expect(publishedAddress(containers, 'web', 8080)).toBe('127.0.0.1:49153');
  expect(() => publishedAddress(containers, 'web', 9000)).toThrow(
    'service "web" does not publish port 9000: add `ports: ["9000"]` to it in the compose file (it publishes 8080/tcp)',
  );
  expect(() => publishedAddress(containers, 'api', 80)).toThrow('(it has no container)');
});

test('the network checks join: the project’s default one, else the first', () => {
  expect(projectNetwork([web({}, ['front', 'p_default'])], 'p')).toBe('p_default');
  expect(projectNetwork([web({}, ['front'])], 'p')).toBe('front');
  expect(projectNetwork([], 'p')).toBe('p_default');
});

test('engine events: one project’s containers; a JSON line gives its action, anything else is skipped', () => {
  expect(eventsArgv(['com.docker.compose.project=p', 'io.immutable-qa.run=r'])).toEqual([
    'events',
    '--format',
    '{{json .}}',
    '--filter',
    'type=container',
    '--filter',
    'label=com.docker.compose.project=p',
    '--filter',
    'label=io.immutable-qa.run=r',
  ]);
  expect(parseEvent('{"Action":"health_status: healthy","Actor":{"ID":"abc"}}')).toEqual({
    action: 'health_status: healthy',
    actor: 'abc',
  });
  expect(parseEvent('not json')).toBeUndefined();
  expect(parseEvent('{"Actor":{}}')).toBeUndefined();
});
