// `immutable-qa validate`: everything `qa` checks before it builds, starting nothing: the config,
// and the compose files as compose renders them (services and ports the endpoints name).
import { loadRenderedConfig } from '../pipeline/config.js';
import { ExitCode } from '../model/errors.js';
import type { Logger } from '../model/log.js';

export async function validateCommand(configFile: string, logger: Logger): Promise<number> {
  const config = await loadRenderedConfig(configFile, logger);
  logger.info(
    `${configFile}: valid (${config.checks.length} checks, ${config.image.local ? 'local mode' : `registry ${config.image.registry}`})`,
  );
  return ExitCode.Ok;
}
