// The workflow artifact that carries a fork run's report (issue 16) from the unprivileged run to the
// base repository's `report` run. It is one file, uploaded unarchived: the publisher never unzips
// anything, so a zip bomb, 10,000 entries or a `../` entry name have nothing to act on. The
// download is bounded by the size GitHub lists and again while it streams, and lands under a
// name of ours in a folder of ours.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorMessage } from '../model/errors.js';
import type { Logger } from '../model/log.js';
import { FORK_REPORT_FILE, FORK_REPORT_LIMITS, ForkReportError, type ForkReport } from './fork-report.js';
import type { GitHubTarget } from './target.js';

/** The publisher runs minutes after the QA run: a week covers a re-run of it, and no more is kept. */
export const FORK_REPORT_RETENTION_DAYS = 7;
const DOWNLOAD_TIMEOUT_MS = 60_000;

/**
 * Uploads the report as the artifact `immutable-qa-report.json` of this workflow run. A failure is a
 * warning: the verdict, the job summary and the annotations stand without it.
 */
export async function uploadForkReport(report: ForkReport, logger: Logger): Promise<number | undefined> {
  const dir = await mkdtemp(join(process.env.RUNNER_TEMP ?? tmpdir(), 'immutable-qa-report-'));
  try {
    const file = join(dir, FORK_REPORT_FILE);
    await writeFile(file, JSON.stringify(report));
    // Loaded here: the artifact client (and Azure's blob SDK) is needed by unprivileged runs only.
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const { id } = await new DefaultArtifactClient().uploadArtifact(FORK_REPORT_FILE, [file], dir, {
      skipArchive: true,
      retentionDays: FORK_REPORT_RETENTION_DAYS,
    });
    logger.info(
      `the results are in the artifact ${FORK_REPORT_FILE} (id ${id}): the base repository's report workflow (qa-report.yml) publishes them on the pull request`,
    );
    return id;
  } catch (error) {
    logger.warning(
      `immutable-qa could not upload ${FORK_REPORT_FILE}, so the base repository cannot publish these results on the pull request: ${errorMessage(error)}`,
    );
    return undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Downloads the report artifact of workflow run `runId` into `dir` (a folder of ours) as
 * FORK_REPORT_FILE; false when the run left none (it had a write token and reported itself, or it
 * ended before its verdict). Throws ForkReportError for several, an expired one, or one larger
 * than a report may be.
 */
export async function downloadForkReport(target: GitHubTarget, runId: number, dir: string): Promise<boolean> {
  const repo = { owner: target.owner, repo: target.repo };
  const { data } = await target.octokit.rest.actions.listWorkflowRunArtifacts({
    ...repo,
    run_id: runId,
    name: FORK_REPORT_FILE,
    per_page: 100,
  });
  const found = data.artifacts.filter((a) => a.name === FORK_REPORT_FILE);
  if (found.length === 0) return false;
  if (found.length > 1)
    throw new ForkReportError(
      `run ${runId} has ${found.length} artifacts named ${FORK_REPORT_FILE}; an immutable-qa run uploads one`,
    );
  const artifact = found[0]!;
  if (artifact.expired) throw new ForkReportError(`the ${FORK_REPORT_FILE} of run ${runId} has expired`);
  if (artifact.size_in_bytes > FORK_REPORT_LIMITS.bytes)
    throw new ForkReportError(
      `the ${FORK_REPORT_FILE} of run ${runId} is ${artifact.size_in_bytes} bytes; a report may have at most ${FORK_REPORT_LIMITS.bytes}: it was not downloaded`,
    );
  // GitHub answers with a redirect to a signed blob URL; our token is not sent there.
  const redirect = await target.octokit.rest.actions.downloadArtifact({
    ...repo,
    artifact_id: artifact.id,
    archive_format: 'zip',
    request: { redirect: 'manual' },
  });
  const location = (redirect.headers as Record<string, string | undefined>).location;
  if (redirect.status !== 302 || !location || !/^https?:\/\//.test(location))
    throw new Error(`GitHub did not redirect to the artifact's download (status ${redirect.status})`);
  const bytes = await boundedDownload(location, FORK_REPORT_LIMITS.bytes);
  // A zip local-file header: only a workflow other than ours uploads an archive under this name.
  if (bytes.subarray(0, 4).equals(Buffer.from('PK\u0003\u0004', 'latin1')))
    throw new ForkReportError(
      `the ${FORK_REPORT_FILE} of run ${runId} is a zip archive; immutable-qa uploads its report as one unarchived file: nothing was extracted`,
    );
  await writeFile(join(dir, FORK_REPORT_FILE), bytes, { flag: 'wx' });
  return true;
}

/** The body of `url`, refused as soon as it passes `limit` bytes (whatever the listing said). */
async function boundedDownload(url: string, limit: number): Promise<Buffer> {
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!response.ok || !response.body)
    throw new Error(`the artifact download answered ${response.status} ${response.statusText}`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    // Leaving the loop cancels the stream: the rest is never read.
    if (size > limit)
      throw new ForkReportError(
        `the report artifact passed ${limit} bytes while downloading; a report may have at most that: the download was stopped`,
      );
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
