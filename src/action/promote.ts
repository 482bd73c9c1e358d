// The `promote` sub-action: promotes the tested digest of the merged commit, or refuses (exit 1)
// with a job summary that says what happened and how to fix it.
import * as core from '@actions/core';
import { resolve } from 'node:path';
import { getPromoteInputs } from './inputs.js';
import { loadConfig } from '../config/load.js';
import { errorMessage, RefusalError } from '../model/errors.js';
import { headSha } from '../exec/git.js';
import { lookupFromEnv } from '../github/client.js';
import { runOf } from '../github/event.js';
import { writeJobSummary } from '../github/summary.js';
import { actionsLogger } from './log.js';
import { promote, type PromotionResult } from '../pipeline/promote.js';
import { credentialOptions } from '../store/access.js';
import { promoteTarget } from '../github/event.js';

const code = (s: string): string => `\`${s}\``;

export function promotionSummary(result: PromotionResult): string {
  const rows = [
    ['image', code(result.imageRef)],
    ['tags', result.tags.map((t) => code(`${result.repository}:${t}`)).join('<br>')],
    ['promoted commit', code(result.promotedSha)],
    [
      'tested commit',
      `${code(result.sourceSha)}${result.pr !== null ? ` (PR #${result.pr})` : ''} — ${result.record.source.resolved_by === 'tag' ? 'the same commit' : "the merged PR's head"}`,
    ],
    [
      'policy',
      `${result.record.policy}${result.record.promoted.tree ? ` (tree ${code(result.record.promoted.tree)})` : ''}`,
    ],
    ['moved', result.moved.length ? result.moved.join(', ') : 'none (already promoted)'],
    ['duration', `${result.durationMs} ms`],
  ];
  return [
    '## immutable-qa: promoted',
    '',
    'The tested digest was retagged by copying its manifest: nothing was rebuilt, pulled or pushed.',
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
  ].join('\n');
}

export async function runPromote(): Promise<void> {
  try {
    const inputs = getPromoteInputs();
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const config = await loadConfig(resolve(workspace, inputs.config), { cwd: workspace });
    const target = await promoteTarget(process.env, {
      ...(inputs.sha ? { sha: inputs.sha } : {}),
      headSha: (await headSha(config.root)) ?? undefined,
    });
    const token = inputs['github-token'] || undefined;
    const github = lookupFromEnv(process.env, target, token, actionsLogger);
    const run = runOf(process.env, process.env.GITHUB_REPOSITORY);
    const result = await promote({
      config,
      target,
      ...(inputs.tags.length ? { tags: inputs.tags } : {}),
      logger: actionsLogger,
      registry: {
        credentials: credentialOptions({
          username: inputs['registry-username'],
          password: inputs['registry-password'],
          actor: process.env.GITHUB_ACTOR,
          token,
        }),
      },
      ...(github ? { github } : {}),
      ...(run ? { run } : {}),
    });
    core.setOutput('digest', result.digest);
    core.setOutput('image-ref', result.imageRef);
    core.setOutput('promoted-tags', result.tags.join(','));
    core.setOutput('source-sha', result.sourceSha);
    core.setOutput('pr', result.pr !== null ? String(result.pr) : '');
    await writeJobSummary(promotionSummary(result), actionsLogger);
    core.info(`promoted ${result.imageRef} to ${result.tags.join(', ')} in ${result.durationMs} ms`);
    if (result.recordError) core.setFailed(result.recordError.message);
  } catch (error) {
    const refused = error instanceof RefusalError;
    await writeJobSummary(
      `## immutable-qa: promotion ${refused ? 'refused' : 'failed'}\n\n${errorMessage(error)}\n${refused ? '\nNo tag was changed.\n' : ''}`,
      actionsLogger,
    );
    core.setFailed(`${refused ? 'promotion refused: ' : ''}${errorMessage(error)}`);
  }
}
