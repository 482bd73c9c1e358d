// `immutable-qa teardown`: the same core as the teardown sub-action.
import { resolve } from 'node:path';
import { parseOlderThan } from '../config/duration.js';
import { findRoot } from '../config/load.js';
import { repositoryIdentity } from '../environment/project.js';
import { ExitCode, errorMessage, exitCodeOf } from '../model/errors.js';
import type { Logger } from '../model/log.js';
import { teardown } from '../pipeline/teardown.js';

export interface TeardownFlags {
  configFile: string;
  pr?: number;
  all: boolean;
  olderThan?: string;
  json: boolean;
}

export async function teardownCommand(flags: TeardownFlags, logger: Logger): Promise<number> {
  try {
    const olderThanMs = parseOlderThan(flags.olderThan);
    // The config file itself is not needed: its location gives the repository root.
    const root = await findRoot(resolve(flags.configFile));
    const repository = repositoryIdentity(process.env.GITHUB_REPOSITORY, root);
    const result = await teardown({
      repository,
      ...(flags.pr !== undefined ? { pr: flags.pr } : {}),
      all: flags.all,
      ...(olderThanMs !== undefined ? { olderThanMs } : {}),
      logger,
    });
    if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    logger.info(`removed: ${result.removed.length}`);
    return ExitCode.Ok;
  } catch (error) {
    logger.error(errorMessage(error));
    return exitCodeOf(error);
  }
}
