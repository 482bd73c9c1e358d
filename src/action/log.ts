// The action's logger: workflow commands through @actions/core.
import * as core from '@actions/core';
import type { Logger } from '../model/log.js';

export const actionsLogger: Logger = {
  info: (m) => core.info(m),
  debug: (m) => core.debug(m),
  warning: (m, p) => core.warning(m, p),
  error: (m, p) => core.error(m, p),
  group: (name, fn) => core.group(name, fn),
};
