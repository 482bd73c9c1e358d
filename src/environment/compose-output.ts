// What `compose up` said when it failed, read from its output (pure): the engine's own error line
// (e.g. "Bind for 0.0.0.0:3000 failed: port is already allocated"), not the last progress line, and
// what to write instead when the cause is one a compose file can fix.
import { plainText } from '../model/plain-text.js';

/** Compose's progress lines (v2: ` Container x  Starting`; v1: `Creating x ... done`) and closers. */
const PROGRESS = [
  /^(?:\S\s+)?(Container|Network|Volume|Image|Service)\s+\S+\s+[A-Z][a-z]+(?:\s+[\d.]+s)?$/,
  /^(Creating|Starting|Recreating|Pulling|Stopping|Removing|Attaching)\b/,
  /^Host is already in use by another container$/,
  /^(ERROR: )?Encountered errors while bringing up the project\.?$/,
];

/** The error line of a failed `compose up` (v2 or v1), or undefined when it printed none. */
export function composeUpError(output: string): string | undefined {
  const lines = plainText(output)
    .split(/[\r\n]+/)
    .map((l) => l.trim())
    .filter(Boolean);
  const progress = (line: string): boolean => PROGRESS.some((p) => p.test(line));
  const last = (pattern: RegExp): RegExpExecArray | undefined => {
    for (let i = lines.length - 1; i >= 0; i--) {
      const match = progress(lines[i]!) ? null : pattern.exec(lines[i]!);
      if (match) return match;
    }
    return undefined;
  };
  // v2, and the engine through v1: the daemon's answer.
  const daemon = last(/^(?:ERROR: for (\S+)\s+)?.*?Error response from daemon: (.+)$/);
  if (daemon) return shorten(daemon[1] ? `service "${daemon[1]}": ${daemon[2]!}` : daemon[2]!);
  // v1: `ERROR: for <service>  Cannot start service web: …` (the service's line comes after the container's).
  const v1 = last(/^ERROR: for (\S+)\s+(.+)$/);
  if (v1) return shorten(`service "${v1[1]!}": ${v1[2]!}`);
  const prefixed = last(/^(?:ERROR|Error):\s*(.+)$/);
  if (prefixed) return shorten(prefixed[1]!);
  // v2 prints some errors bare ("network shared declared as external, but could not be found").
  const bare = last(/^.+$/);
  return bare ? shorten(bare[0]) : undefined;
}

/** What to change in the compose file for the causes it can fix (empty when none). */
export function composeUpHint(error: string): string {
  if (/port is already allocated|address already in use/i.test(error)) {
    const port = /(?:Bind for|listen tcp[46]?) \S*:(\d+)/.exec(error)?.[1];
    return (
      `The fixed host port${port ? ` ${port}` : ''} in the compose file is taken, by another environment or process on this engine: ` +
      'publish the container port alone (ports: ["3000"], not ["3000:3000"]), so the engine picks a free host port and the endpoint is found from it ' +
      '(`immutable-qa validate` names the line)'
    );
  }
  if (/container name .* is already in use/i.test(error))
    return (
      'A fixed container_name: in the compose file is taken, by another environment or container on this engine: ' +
      'drop container_name: (compose names the container per environment; `immutable-qa validate` names the line)'
    );
  return '';
}

/** Full 64-hex ids shortened to 12, as `docker ps` shows them. */
function shorten(line: string): string {
  return line.replace(/\b([0-9a-f]{12})[0-9a-f]{52}\b/g, '$1');
}
