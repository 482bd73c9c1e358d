// The `immutable-qa` CLI: argv, usage and exit codes; one module per command (the same core as the
// action, against the local Docker engine).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { discoverConfig } from '../config/discover.js';
import { splitList } from '../config/input.js';
import { errorMessage, ExitCode, exitCodeOf, UsageError } from '../model/errors.js';
import { VERSION } from '../model/version.js';
import { assertFlags, commandHelp, isCommand, unknownCommand, unknownFlag, usage } from './help.js';
import { stderrLogger } from './log.js';

const options = {
  config: { type: 'string' },
  pr: { type: 'string' },
  sha: { type: 'string' },
  event: { type: 'string' },
  keep: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  'report-dir': { type: 'string' },
  'signing-key': { type: 'string' },
  check: { type: 'string', multiple: true },
  tags: { type: 'string' },
  all: { type: 'boolean', default: false },
  'older-than': { type: 'string' },
  images: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', default: false },
} as const;

export async function main(argv: string[]): Promise<number> {
  const logger = stderrLogger();
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
    } catch (error) {
      // parseArgs' TypeError may come from another realm (jest's vm): read its message directly.
      throw unknownFlag(
        String((error as { message?: unknown }).message ?? error),
        argv.find((a) => !a.startsWith('-')),
      );
    }
    const { values, positionals, tokens } = parsed;
    if (values.version) {
      process.stdout.write(`${VERSION}\n`);
      return ExitCode.Ok;
    }
    const [command, ...rest] = positionals;
    if (command === 'help') {
      const about = rest[0];
      if (about !== undefined && !isCommand(about)) throw unknownCommand(about);
      process.stdout.write(`${about !== undefined ? commandHelp(about) : usage()}\n`);
      return ExitCode.Ok;
    }
    if (!command) {
      process.stdout.write(`${usage()}\n`);
      return values.help ? ExitCode.Ok : ExitCode.Usage;
    }
    if (!isCommand(command)) throw unknownCommand(command);
    if (values.help) {
      process.stdout.write(`${commandHelp(command)}\n`);
      return ExitCode.Ok;
    }
    if (rest.length)
      throw new UsageError(`unexpected argument "${rest[0]}"; see immutable-qa help ${command}`);
    assertFlags(
      command,
      tokens.flatMap((t) => (t.kind === 'option' ? [t.name] : [])),
    );
    const configFile =
      values.config !== undefined ? resolve(values.config) : await discoverConfig(process.cwd());
    const pr = values.pr === undefined ? undefined : Number(values.pr);
    if (pr !== undefined && (!Number.isInteger(pr) || pr <= 0))
      throw new UsageError(`--pr must be a positive whole number (got "${values.pr}")`);

    // Each command's module is loaded only when asked for: qa does not evaluate promote's Octokit,
    // nor promote the build and environment code (bench 1 counts the CLI's start).
    switch (command) {
      case 'validate': {
        const { validateCommand } = await import('./validate.js');
        return await validateCommand(configFile, logger);
      }
      case 'qa': {
        const { qaCommand } = await import('./qa.js');
        return await qaCommand(
          {
            configFile,
            ...(pr !== undefined ? { pr } : {}),
            ...(values.sha !== undefined ? { sha: values.sha } : {}),
            ...(values.event !== undefined ? { event: values.event } : {}),
            keep: values.keep,
            json: values.json,
            ...(values['report-dir'] !== undefined ? { reportDir: values['report-dir'] } : {}),
            ...(values['signing-key'] !== undefined ? { signingKeyFile: values['signing-key'] } : {}),
            // --check a --check b, or --check a,b (as the action's checks input).
            ...(values.check ? { only: values.check.flatMap((c) => splitList(c)) } : {}),
          },
          logger,
        );
      }
      case 'promote': {
        const { promoteCommand } = await import('./promote.js');
        return await promoteCommand(
          {
            configFile,
            ...(values.sha !== undefined ? { sha: values.sha } : {}),
            ...(values.event !== undefined ? { event: values.event } : {}),
            ...(values.tags !== undefined ? { tags: values.tags } : {}),
            ...(pr !== undefined ? { pr } : {}),
            json: values.json,
          },
          logger,
        );
      }
      case 'teardown': {
        const { teardownCommand } = await import('./teardown.js');
        return await teardownCommand(
          {
            configFile,
            ...(pr !== undefined ? { pr } : {}),
            all: values.all,
            ...(values['older-than'] !== undefined ? { olderThan: values['older-than'] } : {}),
            images: values.images,
            json: values.json,
          },
          logger,
        );
      }
    }
  } catch (error) {
    logger.error(errorMessage(error));
    return exitCodeOf(error);
  }
}
