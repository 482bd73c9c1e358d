// `immutable-qa qa`: the QA pipeline against the local Docker engine.
import { resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import { headSha } from '../exec/git.js';
import { cancellation } from '../exec/signals.js';
import { runContext } from '../github/event.js';
import { ExitCode, exitCodeOf } from '../model/errors.js';
import type { Logger } from '../model/log.js';
import { qa } from '../pipeline/qa.js';
import { credentialOptions } from '../store/access.js';
import { imageStore } from '../store/store.js';

export interface QaFlags {
  configFile: string;
  pr?: number;
  sha?: string;
  event?: string;
  keep: boolean;
  json: boolean;
  reportDir?: string;
}

/**
 * The name of a run outside a git checkout without --sha: it names the environment and the
 * convenience tag only. The source of such a run is `not-a-checkout` (git.ts), so its record has
 * no checkout sha and no tree, and it never earns a tested tag (record/publish.ts).
 */
const NO_COMMIT = '0'.repeat(40);

export async function qaCommand(flags: QaFlags, logger: Logger): Promise<number> {
  const config = await loadConfig(flags.configFile);
  const context = await runContext(process.env, {
    sha: flags.sha,
    pr: flags.pr,
    eventPath: flags.event,
    headSha: (await headSha(config.root)) ?? NO_COMMIT,
  });
  const store = imageStore(
    config,
    { credentials: credentialOptions({ actor: process.env.GITHUB_ACTOR, token: process.env.GITHUB_TOKEN }) },
    logger,
  );
  const cancel = cancellation();
  try {
    const result = await qa({
      config,
      context,
      store,
      keep: flags.keep,
      reportDir: flags.reportDir ? resolve(flags.reportDir) : undefined,
      logger,
      signal: cancel.signal,
    });
    const { record } = result;
    if (flags.json) process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    logger.info(`verdict: ${record.verdict}`);
    logger.info(`digest: ${record.image.digest ?? '(none)'}`);
    if (result.image) logger.info(`image-ref: ${result.image.ref}`);
    logger.info(`record: ${result.recordPath}`);
    if (result.publication) logger.info(`tested-tag: ${result.publication.ref}`);
    if (result.publishError) return exitCodeOf(result.publishError);
    return record.verdict === 'passed' ? ExitCode.Ok : ExitCode.Failed;
  } finally {
    cancel.dispose();
  }
}
