// The action's main step.
import * as core from '@actions/core';
import { resolve } from 'node:path';
import { getInputs } from './inputs.js';
import { state } from './state.js';
import { loadRenderedConfig, unprivilegedConfig } from '../pipeline/config.js';
import { dockerLogin } from './docker-login.js';
import { removePrivateDockerConfig, usePrivateDockerConfig } from './docker-config.js';
import { errorMessage } from '../model/errors.js';
import { headSha } from '../exec/git.js';
import { storeAttestation } from '../github/attestations.js';
import { githubTarget } from '../github/client.js';
import type { GitHubTarget } from '../github/target.js';
import { runContext } from '../github/event.js';
import { githubReporter } from '../github/report.js';
import { uploadForkReport } from '../github/fork-artifact.js';
import { forkReport } from '../github/fork-report.js';
import { actionsLogger } from './log.js';
import { countingLogger, type Logger } from '../model/log.js';
import { qa } from '../pipeline/qa.js';
import { recordSigner } from '../record/signing.js';
import { credentialOptions } from '../store/access.js';
import { imageStore } from '../store/store.js';
import { cancellation } from '../exec/signals.js';

/** The attestation is a copy for `gh attestation verify`: the registry holds the one promotion reads. */
async function storeAttestationOrWarn(target: GitHubTarget, bundle: Buffer, logger: Logger): Promise<void> {
  try {
    const id = await storeAttestation(target, JSON.parse(bundle.toString('utf8')));
    logger.info(`attestation ${id} stored on GitHub (gh attestation verify finds it)`);
  } catch (error) {
    logger.warning(
      `the signed QA record is on the digest, but GitHub did not store the attestation: ${errorMessage(error)}`,
    );
  }
}

export async function run(): Promise<void> {
  const cancel = cancellation();
  // Counted: the read-only fallback's annotations get what is left of the step's 10 and 10.
  const logger = countingLogger(actionsLogger);
  let dockerConfig: string | undefined;
  try {
    const inputs = getInputs();
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const loaded = await loadRenderedConfig(resolve(workspace, inputs.config), logger, {
      cwd: workspace,
    });
    const context = await runContext(process.env, { headSha: (await headSha(loaded.root)) ?? undefined });
    const config = context.unprivileged ? unprivilegedConfig(loaded) : loaded;
    if (context.unprivileged)
      logger.info(
        `a pull request ${context.unprivileged === 'fork' ? 'from a fork' : 'from Dependabot'} runs unprivileged (a read-only token, no secrets, no OIDC token): ` +
          'the image stays in the local engine, the verdict is unsigned and not recorded on the registry, and the results go to the base repository as an artifact (README "Fork pull requests")',
      );
    // Before anything starts: a run that could never sign its verdict is a usage error now.
    const signer = recordSigner(config.record, {
      ...(inputs['signing-key'] ? { signingKey: inputs['signing-key'] } : {}),
      context,
      env: process.env,
    });
    // Our docker calls use a private config: a login never lands where checks or later jobs read.
    dockerConfig = await usePrivateDockerConfig();
    state.setDockerConfig(dockerConfig);
    // The build pushes with the docker CLI: it logs in to the registry (local mode has none).
    if (config.image.registry && inputs['registry-username'] && inputs['registry-password'])
      await dockerLogin(config.image.registry, inputs['registry-username'], inputs['registry-password']);

    const target = githubTarget(inputs['github-token'], context, logger);
    const pr = context.pr;
    const reporter = githubReporter({
      target,
      logger: logger,
      comment: inputs.comment,
      keepEnvironment: inputs['keep-environment'],
      ...(context.run?.url ? { runUrl: context.run.url } : {}),
      onPending: (pending) => state.setPendingCheckRuns(pending),
      shown: logger.shown,
      // Only a workflow run can upload an artifact; only a PR's results have a PR to go to.
      ...(pr && process.env.ACTIONS_RUNTIME_TOKEN && process.env.ACTIONS_RESULTS_URL
        ? {
            onReadOnly: async (record, results) => {
              await uploadForkReport(
                forkReport({ pr, headSha: context.sha, verdict: record.verdict, ...results }),
                logger,
              );
            },
          }
        : {}),
    });
    const store = imageStore(
      config,
      {
        credentials: credentialOptions({
          username: inputs['registry-username'],
          password: inputs['registry-password'],
          actor: context.actor,
          token: inputs['github-token'],
        }),
        // A cancelled job stops the registry requests in flight (the record step) at once.
        signal: cancel.signal,
      },
      logger,
    );
    const result = await qa({
      config,
      context,
      store,
      signer,
      // Keyless verdicts also go to GitHub's attestations API, where `gh attestation verify` finds them.
      ...(signer.mode === 'keyless' && target
        ? { onAttestation: (bundle: Buffer) => storeAttestationOrWarn(target, bundle, logger) }
        : {}),
      keep: inputs['keep-environment'],
      only: inputs.checks,
      logger: logger,
      reporter,
      signal: cancel.signal,
      onProject: (project) => {
        state.setProject(project);
        // The post step tears down on the same engine.
        if (config.environment.engine) state.setEngine(config.environment.engine.host);
      },
      onRun: (id) => state.setRun(id),
    });

    const { record } = result;
    if (record.image.digest) {
      core.setOutput('digest', record.image.digest);
      core.setOutput('image-ref', result.image?.ref ?? '');
    }
    core.setOutput('image', record.image.repository);
    core.setOutput('verdict', record.verdict);
    core.setOutput('record', result.recordPath);
    const first = Object.values(result.endpoints)[0];
    if (first) core.setOutput('environment-url', first);
    if (result.publication) core.setOutput('tested-tag', result.publication.testedTag);
    if (result.publishError) core.setFailed(`immutable-qa: ${errorMessage(result.publishError)}`);
    core.info(`verdict: ${record.verdict}; digest: ${record.image.digest ?? '(none)'}`);
    if (record.verdict !== 'passed') {
      const failed = [...result.phases, ...result.checks].filter(
        (s) => s.conclusion !== 'success' && s.conclusion !== 'skipped',
      );
      core.setFailed(
        `immutable-qa: verdict failed (${failed.map((s) => `${s.name}: ${s.conclusion}`).join(', ') || 'cancelled'})`,
      );
    }
  } catch (error) {
    core.setFailed(errorMessage(error));
  } finally {
    if (dockerConfig) await removePrivateDockerConfig(dockerConfig).catch(() => undefined);
    cancel.dispose();
  }
}
