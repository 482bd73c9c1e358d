// Issue 12, item 11: the CLI's own conventions. Per-command --help and `help <command>` describe
// every flag; a mistyped command or flag gets "did you mean"; a flag of another command is refused
// by name. main() in-process: nothing here reaches Docker.
import { jest } from '@jest/globals';
import { COMMANDS } from '../../src/cli/help.js';
import { main } from '../../src/cli/main.js';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((c) => ((stdout += String(c)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((c) => ((stderr += String(c)), true));
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

test.each(Object.keys(COMMANDS))(
  '%s: --help and help <command> describe every flag of the command',
  async (command) => {
    const viaFlag = await run(command, '--help');
    const viaHelp = await run('help', command);
    expect(viaFlag).toMatchObject({ code: 0, stderr: '' });
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
    for (const flag of Object.keys(COMMANDS[command as keyof typeof COMMANDS].flags))
      expect(viaFlag.stdout).toMatch(new RegExp(`^  --${flag}\\b.*\\S`, 'm'));
  },
);

test('help and no command list the commands; no command is a usage error', async () => {
  const help = await run('help');
  expect(help.code).toBe(0);
  for (const command of Object.keys(COMMANDS)) expect(help.stdout).toContain(`  ${command} `);
  expect((await run()).code).toBe(2);
});

test.each<[string[], string]>([
  [['qa', '--chek', 'page'], "Unknown option '--chek'"],
  [['qa', '--chek', 'page'], '(did you mean --check?); see immutable-qa help qa'],
  [['promot'], 'unknown command "promot" (did you mean "promote"?)'],
  [['promote', '--keep'], 'immutable-qa promote has no flag --keep; see immutable-qa help promote'],
  [['teardown', '--olderthan', '1h'], '(did you mean --older-than?)'],
  [['validate', 'extra'], 'unexpected argument "extra"; see immutable-qa help validate'],
])('%j is exit 2: %s', async (argv, message) => {
  const result = await run(...argv);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(message);
});
