// Writing the job summary ($GITHUB_STEP_SUMMARY): best effort, a failure is only a warning.
import * as core from '@actions/core';
import { errorMessage } from '../model/errors.js';
import type { Logger } from '../model/log.js';

export interface JobSummaryOptions {
  /** End the markdown with an EOL (core.summary.addRaw's `addEOL`). */
  eol?: boolean;
}

/** Appends `markdown` to the job summary; outside Actions (no GITHUB_STEP_SUMMARY) does nothing. */
export async function writeJobSummary(
  markdown: string,
  logger: Logger,
  options: JobSummaryOptions = {},
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(markdown, options.eol ?? false).write();
  } catch (error) {
    logger.warning(`could not write the job summary: ${errorMessage(error)}`);
  }
}
