// `immutable-qa teardown`: the same core as the teardown sub-action.
import { resolve } from 'node:path';
import { parseOlderThan } from '../config/duration.js';
import { isFile } from '../config/discover.js';
import { findRoot, loadConfig } from '../config/load.js';
import { repositoryIdentity } from '../environment/project.js';
import { ExitCode, errorMessage, exitCodeOf, UsageError } from '../model/errors.js';
import type { Logger } from '../model/log.js';
import { teardown } from '../pipeline/teardown.js';
import { configuredEngine } from '../pipeline/config.js';
import { removeConvenienceTags } from '../pipeline/teardown-images.js';

export interface TeardownFlags {
  configFile: string;
  pr?: number;
  all: boolean;
  olderThan?: string;
  /** --images: also the local pr-<n> / sha-<sha12> tags of image.repository. */
  images?: boolean;
  json: boolean;
}

export async function teardownCommand(flags: TeardownFlags, logger: Logger): Promise<number> {
  try {
    const olderThanMs = parseOlderThan(flags.olderThan);
    // Only the config's location is needed (it gives the repository root), but it must exist: a
    // guessed root would name no environment and "remove" nothing while they run.
    const configFile = resolve(flags.configFile);
    if (!(await isFile(configFile)))
      throw new UsageError(
        `${configFile}: config file not found; run teardown inside the repository (README "CLI") or pass --config`,
      );
    const root = await findRoot(configFile);
    const repository = repositoryIdentity(process.env.GITHUB_REPOSITORY, root);
    const engine = await configuredEngine(configFile, logger);
    const result = await teardown({
      repository,
      ...(engine ? { engine } : {}),
      ...(flags.pr !== undefined ? { pr: flags.pr } : {}),
      all: flags.all,
      ...(olderThanMs !== undefined ? { olderThanMs } : {}),
      logger,
    });
    const images = flags.images
      ? await removeConvenienceTags(
          (await loadConfig(configFile)).image.repository,
          { ...(flags.pr !== undefined ? { pr: flags.pr } : {}), all: flags.all },
          logger,
        )
      : undefined;
    if (flags.json)
      process.stdout.write(`${JSON.stringify(images ? { ...result, images } : result, null, 2)}\n`);
    logger.info(`removed: ${result.removed.length}${images ? `; local tags removed: ${images.length}` : ''}`);
    return ExitCode.Ok;
  } catch (error) {
    logger.error(errorMessage(error));
    return exitCodeOf(error);
  }
}
