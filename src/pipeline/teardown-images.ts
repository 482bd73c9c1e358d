// `teardown --images`: the local convenience tags QA runs leave (`pr-<n>`, `sha-<sha12>` of
// image.repository). Only those: never `qa-*`, a promoted tag, or an image another tag still names
// (`docker image rm` of one tag of several only untags).
import { docker } from '../exec/docker.js';
import { tail } from '../exec/exec.js';
import { InfrastructureError } from '../model/errors.js';
import type { Logger } from '../model/log.js';

const CONVENIENCE = /^(pr-\d+|sha-[0-9a-f]{12})$/;

/** Which of `tags` a teardown of `pr` (or of all) removes. */
export function selectConvenienceTags(
  tags: readonly string[],
  selection: { pr?: number; all?: boolean },
): string[] {
  return tags.filter((t) =>
    selection.pr !== undefined ? t === `pr-${selection.pr}` : selection.all === true && CONVENIENCE.test(t),
  );
}

export async function removeConvenienceTags(
  repository: string,
  selection: { pr?: number; all?: boolean },
  logger: Pick<Logger, 'info' | 'warning'>,
): Promise<string[]> {
  const listed = await docker(['image', 'ls', '--format', '{{.Tag}}', repository]);
  if (listed.code !== 0) throw new InfrastructureError(`docker image ls failed: ${tail(listed.stderr, 5)}`);
  const removed: string[] = [];
  for (const tag of selectConvenienceTags(listed.stdout.split('\n').filter(Boolean), selection)) {
    const result = await docker(['image', 'rm', `${repository}:${tag}`]);
    if (result.code === 0) {
      removed.push(`${repository}:${tag}`);
      logger.info(`removed the local tag ${repository}:${tag}`);
    } else logger.warning(`kept ${repository}:${tag}: ${tail(result.stderr, 3)}`);
  }
  return removed;
}
