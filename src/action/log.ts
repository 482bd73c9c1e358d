// The action's logger: workflow commands through @actions/core. Text we print with info() may come
// from the code under test (check output, build output, service logs, HTTP bodies): the runner would
// execute any line of it that looks like a workflow command (::set-output, ::add-mask, ::save-state,
// ##[…]), so info() prints through printInert (model/log.ts).
import * as core from '@actions/core';
import { printInert, type Logger } from '../model/log.js';

export const actionsLogger: Logger = {
  info: (m) => printInert(m, core.info),
  debug: (m) => core.debug(m),
  warning: (m, p) => core.warning(m, p),
  error: (m, p) => core.error(m, p),
  group: (name, fn) => core.group(name, fn),
};
