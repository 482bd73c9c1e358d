/** A report file that is not what its format says (bad XML/JSON, wrong root). Message names the file. */
export class ReportParseError extends Error {
  override name = 'ReportParseError';
}
