// Which engine a docker call goes to (exec/engine.ts): the scope's, else the runner's; where its
// published ports are reached; what logs may show of its address.
import {
  currentEngine,
  engineAddress,
  engineEnv,
  engineLabel,
  onEngine,
  onRunnerEngine,
} from '../../src/exec/engine.js';
import { publishedPorts } from '../../src/environment/endpoints.js';

test('outside any scope docker gets the process env unchanged', () => {
  const base = { DOCKER_HOST: 'unix:///x.sock', DOCKER_CONTEXT: 'ci', PATH: '/bin' };
  expect(engineEnv(base)).toBe(base);
  expect(currentEngine()).toBeUndefined();
});

test('inside onEngine: DOCKER_HOST is the engine and DOCKER_CONTEXT (which would win) is dropped', () => {
  const base = { DOCKER_HOST: 'unix:///x.sock', DOCKER_CONTEXT: 'ci', PATH: '/bin' };
  const env = onEngine({ host: 'tcp://10.0.0.5:2375' }, () => engineEnv(base));
  expect(env).toEqual({ DOCKER_HOST: 'tcp://10.0.0.5:2375', PATH: '/bin' });
  expect(base.DOCKER_CONTEXT).toBe('ci');
});

test('the scope follows async work started in it, and onRunnerEngine leaves it for the build', async () => {
  const seen = await onEngine({ host: 'ssh://deploy@preview-1' }, async () => {
    await new Promise((r) => setTimeout(r, 5));
    const inner = await Promise.all([
      Promise.resolve().then(() => currentEngine()?.host),
      onRunnerEngine(async () => {
        await new Promise((r) => setTimeout(r, 5));
        return currentEngine()?.host;
      }),
    ]);
    return [...inner, currentEngine()?.host];
  });
  expect(seen).toEqual(['ssh://deploy@preview-1', undefined, 'ssh://deploy@preview-1']);
  expect(currentEngine()).toBeUndefined();
});

test.each([
  [undefined, '127.0.0.1'],
  ['unix:///var/run/docker.sock', '127.0.0.1'],
  ['npipe:////./pipe/docker_engine', '127.0.0.1'],
  ['tcp://192.168.77.12:2375', '192.168.77.12'],
  ['tcp://preview-1.internal:2376', 'preview-1.internal'],
  ['ssh://deploy@preview-1', 'preview-1'],
  ['ssh://deploy@preview-1:2222', 'preview-1'],
  ['tcp://[fd00::5]:2375', '[fd00::5]'],
  ['not a url', '127.0.0.1'],
])('engine %s publishes on %s', (host, address) => {
  expect(engineAddress(host)).toBe(address);
});

test('the address follows the scope, then DOCKER_HOST', () => {
  const saved = process.env.DOCKER_HOST;
  try {
    process.env.DOCKER_HOST = 'tcp://10.1.1.1:2375';
    expect(engineAddress()).toBe('10.1.1.1');
    expect(onEngine({ host: 'tcp://10.2.2.2:2375' }, () => engineAddress())).toBe('10.2.2.2');
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  }
});

test('published ports name the engine host, IPv6 bracketed', () => {
  const ports = { '8080/tcp': [{ HostIp: '0.0.0.0', HostPort: '32768' }], '9000/tcp': null };
  expect(publishedPorts(ports)).toEqual({ '8080/tcp': '127.0.0.1:32768' });
  expect(publishedPorts(ports, '192.168.77.12')).toEqual({ '8080/tcp': '192.168.77.12:32768' });
  expect(publishedPorts(ports, '[fd00::5]')).toEqual({ '8080/tcp': '[fd00::5]:32768' });
  expect(publishedPorts(ports, 'fd00::5')).toEqual({ '8080/tcp': '[fd00::5]:32768' });
});

test('logs show the engine without user name or password', () => {
  expect(engineLabel('ssh://deploy:pw@preview-1:2222')).toBe('ssh://preview-1:2222');
  expect(engineLabel('tcp://192.168.77.12:2375')).toBe('tcp://192.168.77.12:2375');
  expect(engineLabel('::')).toBe('(unparsable engine host)');
});
