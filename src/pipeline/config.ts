// Step "Config" of DESIGN.md's pipeline for every surface (qa, validate, the action): the config
// file, checked against its compose files as compose renders them (`compose config`: no build,
// nothing started), so a run fails before it builds on what validate would report.
import { loadConfig, type LoadOptions } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { renderCompose } from '../environment/render.js';
import type { Logger } from '../model/log.js';

/** The loaded config; a machine without compose gets a warning and the config without the render checks. */
export async function loadRenderedConfig(
  configFile: string,
  logger: Logger,
  options: LoadOptions = {},
): Promise<Config> {
  return loadConfig(configFile, {
    ...options,
    render: renderCompose,
    onUnrendered: (reason) =>
      logger.warning(
        `${configFile}: compose files not rendered (${reason}): endpoints were not checked against the services`,
      ),
    onWarning: (message) => logger.warning(message),
  });
}
