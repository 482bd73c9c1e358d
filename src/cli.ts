// The `immutable-qa` CLI: the same core as the action, against the local Docker engine.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG_FILE } from './config/input.js';
import { loadConfig } from './config/load.js';
import { errorMessage, ExitCode, exitCodeOf, UsageError } from './errors.js';
import { headSha } from './git.js';
import { runContext } from './github/context.js';
import { stderrLogger } from './log.js';
import { qa } from './pipeline/qa.js';
import { cancellation } from './signals.js';
import { promoteCommand, teardownCommand } from './cli-commands.js';
import { credentialOptions } from './record/access.js';
import { VERSION } from './version.js';

const USAGE = `Usage:
  immutable-qa qa       [--config FILE] [--pr N] [--sha SHA] [--event FILE] [--keep] [--json] [--report-dir DIR]
  immutable-qa promote  [--config FILE] [--sha SHA] [--event FILE] [--tags a,b] [--json]
  immutable-qa teardown [--config FILE] [--pr N | --all] [--older-than 24h]
  immutable-qa validate [--config FILE]

Exit codes: 0 passed/done, 1 verdict failed or promotion refused, 2 usage or config error, 3 infrastructure error.`;

const options = {
  config: { type: 'string', default: DEFAULT_CONFIG_FILE },
  pr: { type: 'string' },
  sha: { type: 'string' },
  event: { type: 'string' },
  keep: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  'report-dir': { type: 'string' },
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
    const configFile = resolve(values.config);
    const pr = values.pr === undefined ? undefined : Number(values.pr);
    if (pr !== undefined && (!Number.isInteger(pr) || pr <= 0))
      throw new UsageError(`--pr must be a positive whole number (got "${values.pr}")`);

    switch (command) {
      case 'validate': {
        const config = await loadConfig(configFile);
        logger.info(
          `${configFile}: valid (${config.checks.length} checks, ${config.image.local ? 'local mode' : `registry ${config.image.registry}`})`,
        );
        return ExitCode.Ok;
      }
      case 'qa': {
        const config = await loadConfig(configFile);
        const context = await runContext(process.env, {
          sha: values.sha,
          pr,
          eventPath: values.event,
          headSha: (await headSha(config.root)) ?? '0'.repeat(40),
        });
        const cancel = cancellation();
        try {
          const result = await qa({
            config,
            context,
            keep: values.keep,
            reportDir: values['report-dir'] ? resolve(values['report-dir']) : undefined,
            logger,
            signal: cancel.signal,
            registry: {
              credentials: credentialOptions({
                actor: process.env.GITHUB_ACTOR,
                token: process.env.GITHUB_TOKEN,
              }),
            },
          });
          const { record } = result;
          if (values.json) process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
          logger.info(`verdict: ${record.verdict}`);
          logger.info(`digest: ${record.image.digest ?? '(none)'}`);
          if (result.image) logger.info(`image-ref: ${result.image.ref}`);
          logger.info(`record: ${result.recordPath}`);
          if (result.publication) logger.info(`tested-tag: ${result.publication.ref}`);
          if (result.publishError) return exitCodeOf(result.publishError);
          return record.verdict === 'passed' ? ExitCode.Ok : ExitCode.Failed;
        } finally {
          cancel.dispose();
        }
      }
      case 'promote':
        return promoteCommand(
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
        return teardownCommand(
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
