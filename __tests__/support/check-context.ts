// The CheckContext a handler test runs a check with: a root folder, the report dir below it, no
// environment behind it (run checks do not need one), a memory logger and a signal.
import { join } from 'node:path';
import type { CheckContext } from '../../src/checks/handler.js';
import type { Config } from '../../src/config/schema.js';
import { memoryLogger } from '../../src/model/log.js';

export function checkContext(root: string, overrides: Partial<CheckContext> = {}): CheckContext {
  return {
    config: {} as Config,
    root,
    reportDir: join(root, '.immutable-qa'),
    variables: {},
    environment: { project: 'p', digest: 'sha256:x', definitionSha256: '', services: [] },
    logger: memoryLogger(),
    signal: new AbortController().signal,
    ...overrides,
  };
}
