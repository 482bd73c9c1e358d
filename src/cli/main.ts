// The `immutable-qa` CLI: argv, usage and exit codes; one module per command (the same core as the
// action, against the local Docker engine).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { discoverConfig } from '../config/discover.js';
import { splitList } from '../config/input.js';
import { errorMessage, ExitCode, exitCodeOf, UsageError } from '../model/errors.js';
import { VERSION } from '../model/version.js';
import { stderrLogger } from './log.js';
import { promoteCommand } from './promote.js';
import { qaCommand } from './qa.js';
import { teardownCommand } from './teardown.js';
import { validateCommand } from './validate.js';

const USAGE = `Usage:
  immutable-qa qa       [--config FILE] [--pr N] [--sha SHA] [--event FILE] [--check NAME]... [--keep] [--json] [--report-dir DIR] [--signing-key FILE]
  immutable-qa promote  [--config FILE] [--sha SHA] [--event FILE] [--tags a,b] [--json]
  immutable-qa teardown [--config FILE] [--pr N | --all] [--older-than 24h]
  immutable-qa validate [--config FILE]

record.signing: key reads the PEM private key from --signing-key FILE or IMMUTABLE_QA_SIGNING_KEY.
Exit codes: 0 passed/done, 1 verdict failed or promotion refused, 2 usage or config error, 3 infrastructure error.`;

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
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', default: false },
} as const;

export async function main(argv: string[]): Promise<number> {
  const logger = stderrLogger();
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(`${errorMessage(error)}\n${USAGE}`);
    }
    const { values, positionals } = parsed;
    if (values.version) {
      process.stdout.write(`${VERSION}\n`);
      return ExitCode.Ok;
    }
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      process.stdout.write(`${USAGE}\n`);
      return values.help ? ExitCode.Ok : ExitCode.Usage;
    }
    if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"\n${USAGE}`);
    // Without --config: the nearest .github/immutable-qa.yml from here up (config/discover.ts).
    const configFile =
      values.config !== undefined ? resolve(values.config) : await discoverConfig(process.cwd());
    const pr = values.pr === undefined ? undefined : Number(values.pr);
    if (pr !== undefined && (!Number.isInteger(pr) || pr <= 0))
      throw new UsageError(`--pr must be a positive whole number (got "${values.pr}")`);

    switch (command) {
      case 'validate':
        return await validateCommand(configFile, logger);
      case 'qa':
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
      case 'promote':
        return await promoteCommand(
          {
            configFile,
            ...(values.sha !== undefined ? { sha: values.sha } : {}),
            ...(values.event !== undefined ? { event: values.event } : {}),
            ...(values.tags !== undefined ? { tags: values.tags } : {}),
            json: values.json,
          },
          logger,
        );
      case 'teardown':
        return await teardownCommand(
          {
            configFile,
            ...(pr !== undefined ? { pr } : {}),
            all: values.all,
            ...(values['older-than'] !== undefined ? { olderThan: values['older-than'] } : {}),
            json: values.json,
          },
          logger,
        );
      default:
        throw new UsageError(`unknown command "${command}"\n${USAGE}`);
    }
  } catch (error) {
    logger.error(errorMessage(error));
    return exitCodeOf(error);
  }
}
