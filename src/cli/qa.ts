// `immutable-qa qa`: the QA pipeline against the local Docker engine.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadRenderedConfig } from '../pipeline/config.js';
import { askAhead } from '../exec/docker.js';
import { headSha } from '../exec/git.js';
import { cancellation, signalExitCode } from '../exec/signals.js';
import { runContext } from '../github/event.js';
import { errorMessage, ExitCode, exitCodeOf, UsageError } from '../model/errors.js';
import type { Logger } from '../model/log.js';
import { qa, RecordWriteError, type QaResult } from '../pipeline/qa.js';
import { recordSigner } from '../record/signing.js';
import { credentialOptions } from '../store/access.js';
import { imageStore } from '../store/store.js';
import { failureLines, keptLines } from './outcome.js';

export interface QaFlags {
  configFile: string;
  pr?: number;
  sha?: string;
  event?: string;
  keep: boolean;
  json: boolean;
  reportDir?: string;
  /** --signing-key: a PEM private key file (else IMMUTABLE_QA_SIGNING_KEY). */
  signingKeyFile?: string;
  /** --check: run only these checks (a partial run earns no tested tag). */
  only?: string[];
}

/**
 * The name of a run outside a git checkout without --sha: it names the environment and the
 * convenience tag only. The source of such a run is `not-a-checkout` (git.ts), so its record has
 * no checkout sha and no tree, and it never earns a tested tag (record/publish.ts).
 */
const NO_COMMIT = '0'.repeat(40);

/** The signing key: --signing-key FILE, else IMMUTABLE_QA_SIGNING_KEY (e.g. from a CI secret). */
async function signingKey(file: string | undefined): Promise<{ signingKey?: string }> {
  if (file === undefined) {
    const fromEnv = process.env.IMMUTABLE_QA_SIGNING_KEY;
    return fromEnv ? { signingKey: fromEnv } : {};
  }
  try {
    return { signingKey: await readFile(resolve(file), 'utf8') };
  } catch (error) {
    throw new UsageError(`--signing-key: cannot read ${file}: ${errorMessage(error)}`);
  }
}

export async function qaCommand(flags: QaFlags, logger: Logger): Promise<number> {
  askAhead();
  const config = await loadRenderedConfig(flags.configFile, logger);
  const context = await runContext(process.env, {
    sha: flags.sha,
    pr: flags.pr,
    eventPath: flags.event,
    headSha: (await headSha(config.root)) ?? NO_COMMIT,
  });
  const signer = recordSigner(config.record, {
    ...(await signingKey(flags.signingKeyFile)),
    context,
    env: process.env,
  });
  const cancel = cancellation();
  const store = imageStore(
    config,
    {
      credentials: credentialOptions({ actor: process.env.GITHUB_ACTOR, token: process.env.GITHUB_TOKEN }),
      signal: cancel.signal,
    },
    logger,
  );
  try {
    let result: QaResult;
    try {
      result = await qa({
        config,
        context,
        store,
        signer,
        keep: flags.keep,
        ...(flags.only ? { only: flags.only } : {}),
        reportDir: flags.reportDir ? resolve(flags.reportDir) : undefined,
        logger,
        // Each check's output as it comes, prefixed with its name, like `docker compose up`.
        live: { write: (line) => logger.info(line) },
        signal: cancel.signal,
        // The record as soon as the verdict is known; the process exits once teardown is done.
        ...(flags.json
          ? {
              onVerdict: (r: QaResult) => void process.stdout.write(`${JSON.stringify(r.record, null, 2)}\n`),
            }
          : {}),
      });
    } catch (error) {
      // The record could not be written: the run finished (teardown done), its verdict stands.
      if (!(error instanceof RecordWriteError)) throw error;
      logger.error(error.message);
      if (flags.json) process.stdout.write(`${JSON.stringify(error.result.record, null, 2)}\n`);
      const sig = cancel.received();
      return sig ? signalExitCode(sig) : exitCodeOf(error);
    }
    const { record } = result;
    for (const line of failureLines(result.checks)) logger.info(line);
    if (result.kept)
      for (const line of keptLines({ project: result.project, endpoints: result.endpoints, pr: context.pr }))
        logger.info(line);
    logger.info(`verdict: ${record.verdict}`);
    logger.info(`digest: ${record.image.digest ?? '(none)'}`);
    if (result.image) logger.info(`image-ref: ${result.image.ref}`);
    logger.info(`record: ${result.recordPath}`);
    if (result.publication) logger.info(`tested-tag: ${result.publication.ref}`);
    // Interrupted: 130/143 once teardown is done, whatever the verdict.
    const sig = cancel.received();
    if (sig) return signalExitCode(sig);
    if (result.publishError) return exitCodeOf(result.publishError);
    return record.verdict === 'passed' ? ExitCode.Ok : ExitCode.Failed;
  } catch (error) {
    const sig = cancel.received();
    if (!sig) throw error;
    logger.error(errorMessage(error));
    return signalExitCode(sig);
  } finally {
    cancel.dispose();
  }
}
