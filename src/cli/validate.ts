// `immutable-qa validate`: everything `qa` checks before it touches Docker.
import { loadConfig } from '../config/load.js';
import { ExitCode } from '../model/errors.js';
import type { Logger } from '../model/log.js';

export async function validateCommand(configFile: string, logger: Logger): Promise<number> {
  const config = await loadConfig(configFile);
  logger.info(
    `${configFile}: valid (${config.checks.length} checks, ${config.image.local ? 'local mode' : `registry ${config.image.registry}`})`,
  );
  return ExitCode.Ok;
}
