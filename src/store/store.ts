// The one place that decides where the tested digest lives: a config with a registry host gets the
// registry store (one client, one set of credentials for the run), one without gets the local
// engine. Built once per run by the surface (action step or CLI command) and passed down.
import type { Config } from '../config/schema.js';
import type { Logger } from '../model/log.js';
import { imageRepository, type RegistryAccess } from './access.js';
import type { ImageStore } from './image-store.js';
import { localStore } from './local-store.js';
import { registryStore } from './registry-store.js';

export function imageStore(
  config: Pick<Config, 'image' | 'root'>,
  access: RegistryAccess = {},
  logger: Pick<Logger, 'info' | 'debug'>,
): ImageStore {
  if (config.image.local) return localStore(config.image.repository, config.root, logger);
  return registryStore(config.image.repository, imageRepository(config, access, logger), logger);
}
