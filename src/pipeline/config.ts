// Step "Config" of DESIGN.md's pipeline for every surface (qa, validate, the action): the config
// file, checked against its compose files as compose renders them (`compose config`: no build,
// nothing started), so a run fails before it builds on what validate would report.
import { loadConfig, type LoadOptions } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { renderCompose } from '../environment/render.js';
import type { Logger } from '../model/log.js';
import type { Engine } from '../exec/engine.js';
import { errorMessage } from '../model/errors.js';

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

/**
 * The config as an unprivileged run (a fork's or Dependabot's PR: read-only token, no secrets, no
 * OIDC) can run it: the image stays in the local engine (local mode: nothing is pushed, the record
 * is a file) and the verdict is unsigned. A registry cache export would need the push credentials
 * it lacks; other caches (gha, local) work. Its results reach the PR through the `report` run.
 */
export function unprivilegedConfig(config: Config): Config {
  const image: Config['image'] = { ...config.image, local: true };
  delete image.registry;
  if (image.cacheTo) image.cacheTo = image.cacheTo.filter((spec) => !/(^|,)\s*type=registry(,|$)/.test(spec));
  return { ...config, image, record: { ...config.record, signing: 'none' } };
}

/**
 * The engine the config's environments run on, for teardown. A config that does not load (teardown
 * needs no valid config otherwise) leaves the runner's engine, with a warning naming why.
 */
export async function configuredEngine(
  configFile: string,
  logger: Logger,
  cwd?: string,
): Promise<Engine | undefined> {
  try {
    return (await loadConfig(configFile, cwd !== undefined ? { cwd } : {})).environment.engine;
  } catch (error) {
    logger.warning(
      `teardown on the runner's engine: environment.engine could not be read from the config (${errorMessage(error)})`,
    );
    return undefined;
  }
}
