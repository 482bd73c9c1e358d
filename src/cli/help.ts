// What each command takes, described once: `--help`, `help <command>`, and the check that a flag
// belongs to the command it is given to ("did you mean" for a mistyped one).
import { UsageError } from '../model/errors.js';
import { closest } from '../model/suggest.js';

export const COMMANDS = {
  qa: {
    summary: 'build the image once, test that digest in an ephemeral environment, record the verdict',
    flags: {
      config: 'FILE  the config (default: the nearest .github/immutable-qa.yml from here up)',
      pr: 'N  the pull request the run is for (names the environment iqa-<repo>-<hash>-pr<N>)',
      sha: 'SHA  the commit the results are for (default: HEAD); it must be what is checked out',
      event: 'FILE  a GitHub event payload (pull_request, merge_group, push) to read the sha and PR from',
      check: 'NAME  run only this check (repeatable, or a,b); a partial run earns no tested tag',
      keep: 'keep the environment running after the checks (remove it with teardown)',
      json: 'print the QA record on stdout',
      'report-dir': 'DIR  where the record and the check logs go (default: .immutable-qa)',
      'signing-key': 'FILE  PEM private key for record.signing: key (else IMMUTABLE_QA_SIGNING_KEY)',
    },
  },
  promote: {
    summary: 'point the promote tags at the digest QA tested for a commit: a registry retag, never a rebuild',
    flags: {
      config: 'FILE  the config (default: the nearest .github/immutable-qa.yml from here up)',
      sha: 'SHA  the commit to promote (default: the event’s, else HEAD)',
      pr: 'N  the commit is the merge of this PR: promote its head’s tested digest (the merge commit’s second parent)',
      event: 'FILE  a push, merged pull_request or merge_group payload',
      tags: 'a,b  promote to these tags instead of promote.tags ({sha}, {sha7} expand)',
      json: 'print the promotion (or the refusal and its reason) on stdout',
    },
  },
  teardown: {
    summary: 'remove this repository’s environments (containers, networks, volumes); never an image',
    flags: {
      config: 'FILE  the config whose repository is meant (default: the nearest .github/immutable-qa.yml)',
      pr: 'N  the environment of this pull request',
      all: 'every environment of the repository',
      'older-than': 'DURATION  only environments older than this, e.g. 24h',
      images: 'also remove the local pr-<n> (with --pr) or pr-*/sha-* (with --all) tags QA runs left',
      json: 'print what was removed and kept on stdout',
    },
  },
  validate: {
    summary: 'check the config and its compose files (file:line:col for every problem); nothing is started',
    flags: { config: 'FILE  the config (default: the nearest .github/immutable-qa.yml from here up)' },
  },
} as const satisfies Record<string, { summary: string; flags: Record<string, string> }>;

export type Command = keyof typeof COMMANDS;

export function isCommand(name: string): name is Command {
  return Object.hasOwn(COMMANDS, name);
}

const EXIT_CODES =
  'Exit codes: 0 passed/done, 1 verdict failed or promotion refused, 2 usage or config error, 3 infrastructure error, 130/143 interrupted.';

/** The overview: every command with its summary. */
export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: immutable-qa <command> [flags]   (immutable-qa help <command> for its flags)\n\nCommands:\n${lines.join('\n')}\n\n${EXIT_CODES}`;
}

/** One command's help: each flag with what it does. */
export function commandHelp(command: Command): string {
  const flags = Object.entries(COMMANDS[command].flags) as Array<[string, string]>;
  const shown = flags.map(([name, text]) => {
    const [arg, ...rest] = text.split('  ');
    const takes = rest.length ? ` ${arg}` : '';
    return [`--${name}${takes}`, rest.length ? rest.join('  ') : text] as const;
  });
  const width = Math.max(...shown.map(([f]) => f.length));
  return `Usage: immutable-qa ${command} [flags]\n\n${COMMANDS[command].summary}.\n\nFlags:\n${shown
    .map(([f, t]) => `  ${f.padEnd(width)}  ${t}`)
    .join('\n')}\n  ${'--help'.padEnd(width)}  this help\n\n${EXIT_CODES}`;
}

/** A command name that is not one: a UsageError with the nearest command. */
export function unknownCommand(name: string): UsageError {
  const guess = closest(name, Object.keys(COMMANDS));
  return new UsageError(
    `unknown command "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}\n\n${usage()}`,
  );
}

/** Flags given that the command does not take (parseArgs knows every command's flags at once). */
export function assertFlags(command: Command, given: readonly string[]): void {
  const own = Object.keys(COMMANDS[command].flags);
  for (const flag of given) {
    if (flag === 'help' || own.includes(flag)) continue;
    const guess = closest(flag, own);
    throw new UsageError(
      `immutable-qa ${command} has no flag --${flag}${guess ? ` (did you mean --${guess}?)` : ''}; see immutable-qa help ${command}`,
    );
  }
}

/** parseArgs' "Unknown option '--chek'" with the nearest flag of any command. */
export function unknownFlag(message: string, command: string | undefined): UsageError {
  const flag = /Unknown option '--?([^']+)'/.exec(message)?.[1];
  const own: string[] =
    command !== undefined && isCommand(command)
      ? Object.keys(COMMANDS[command].flags)
      : [...new Set(Object.values(COMMANDS).flatMap((c) => Object.keys(c.flags)))];
  const guess = flag ? closest(flag, own) : undefined;
  const where =
    command !== undefined && isCommand(command) ? `immutable-qa help ${command}` : 'immutable-qa help';
  return new UsageError(`${message}${guess ? ` (did you mean --${guess}?)` : ''}; see ${where}`);
}
