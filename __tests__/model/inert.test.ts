// The action's logger prints text from the code under test so that the runner executes none of it.
import { printInert } from '../../src/model/log.js';
import { executedCommands } from '../support/workflow-commands.js';

/** Every command a hostile check could print, in both syntaxes the runner reads. */
const ATTACKS = [
  '::set-output name=tested-tag::qa-INJECTED',
  '::add-mask::INJECTED',
  '::save-state name=done::true',
  '::warning file=x::INJECTED',
  '::error::INJECTED',
  '::debug::INJECTED',
  '::group::INJECTED',
  '::add-path::/tmp/INJECTED',
  '::set-env name=NODE_OPTIONS::--require /tmp/INJECTED',
  '::stop-commands::guess',
  '::echo::on',
  '   ::notice::INJECTED (indented)',
  '##[set-output name=tested-tag;]qa-INJECTED',
  '##[warning]INJECTED',
];

function printed(text: string): string {
  const lines: string[] = [];
  printInert(text, (line) => lines.push(line));
  return `${lines.join('\n')}\n`;
}

describe('printInert', () => {
  test.each(ATTACKS)('%s is not executed', (attack) => {
    const out = printed(`before\n${attack}\nafter`);
    expect(out).toContain(attack); // shown, as data
    const commands = executedCommands(out);
    expect(commands.map((c) => c.name)).toEqual(['stop-commands']);
    expect(commands.some((c) => c.data.includes('INJECTED'))).toBe(false);
  });

  test('all of them in one block, with a guessed resume token among them', () => {
    const out = printed([...ATTACKS, '::guess::', '::set-output name=verdict::passed'].join('\n'));
    expect(executedCommands(out).map((c) => c.name)).toEqual(['stop-commands']);
  });

  test('each block has its own token, so one block cannot resume commands inside another', () => {
    const tokens = new Set(Array.from({ length: 20 }, () => executedCommands(printed('::x::'))[0]!.data));
    expect(tokens.size).toBe(20);
    for (const t of tokens) expect(t).toMatch(/^[0-9a-f]{32}$/);
  });

  test('plain text is printed as it is, without a block', () => {
    expect(printed('step 1/3: RUN npm ci\nok')).toBe('step 1/3: RUN npm ci\nok\n');
  });
});

describe('the CLI in a workflow step', () => {
  test('stderr is read for commands there too: its text is inert, on a terminal it is as is', async () => {
    const { stderrLogger } = await import('../../src/cli/log.js');
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stderr.write;
    try {
      const inWorkflow = stderrLogger(false, true);
      inWorkflow.info('::set-output name=tested-tag::qa-INJECTED');
      inWorkflow.warning('report says\n::add-mask::INJECTED');
      stderrLogger(false, false).info('::x::');
    } finally {
      process.stderr.write = write;
    }
    const out = written.join('');
    expect(executedCommands(out).filter((c) => c.data.includes('INJECTED'))).toEqual([]);
    expect(out.endsWith('::x::\n')).toBe(true);
  });
});
