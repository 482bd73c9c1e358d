// The CLI loads only the module of the command it runs (cli/main.ts): `qa` must not evaluate
// promote's Octokit, nor `promote` the build and environment code. Bench 1 counts the CLI's start,
// and a static import that crept back would add every command's dependencies to it.
import { jest } from '@jest/globals';

const loaded: string[] = [];
const command = (name: string) => () => {
  loaded.push(name);
  return { [`${name}Command`]: () => Promise.resolve(0) };
};
jest.unstable_mockModule('../../src/cli/qa.js', command('qa'));
jest.unstable_mockModule('../../src/cli/promote.js', command('promote'));
jest.unstable_mockModule('../../src/cli/teardown.js', command('teardown'));
jest.unstable_mockModule('../../src/cli/validate.js', command('validate'));
const { main } = await import('../../src/cli/main.js');

beforeEach(() => loaded.splice(0));

test.each(['qa', 'promote', 'teardown', 'validate'])('%s loads its own module and no other', async (name) => {
  await expect(main([name, '--config', '/nowhere/immutable-qa.yml'])).resolves.toBe(0);
  expect(loaded).toEqual([name]);
});

test('help and --version load no command module', async () => {
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await main(['--version']);
    await main(['help', 'qa']);
  } finally {
    write.mockRestore();
  }
  expect(loaded).toEqual([]);
});
