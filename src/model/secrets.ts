// What the code under test never sees unless a check asks for it by name. A check runs on the
// runner as the runner's user: these are the credentials the runner, the workflow and the action
// itself hold, withheld from the check's environment.

/** Variables a check's environment never inherits (the action's inputs, runner tokens). */
export function isWithheld(name: string): boolean {
  return (
    name.startsWith('INPUT_') ||
    name.startsWith('STATE_') ||
    name.startsWith('ACTIONS_') ||
    WITHHELD.has(name)
  );
}

const WITHHELD = new Set([
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'DOCKER_AUTH_CONFIG',
  'DOCKER_CONFIG',
  // The QA record's signing key (record.signing: key): code under test must never sign a verdict.
  'IMMUTABLE_QA_SIGNING_KEY',
]);

/**
 * Withheld variables a check may ask for by name: `env: { GITHUB_TOKEN: "${GITHUB_TOKEN}" }` passes
 * the runner's value (for GITHUB_TOKEN, the action's github-token when the workflow sets none);
 * DOCKER_CONFIG gives the Docker config the action logged in with.
 */
export const PASSABLE = [
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'DOCKER_CONFIG',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
] as const;
export type Passable = (typeof PASSABLE)[number];

export function isPassable(name: string): name is Passable {
  return (PASSABLE as readonly string[]).includes(name);
}

/** The forms a secret takes in files and headers that the runner's masker does not derive itself. */
export function secretForms(username: string, password: string): string[] {
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  // config.json `auth` and Basic headers hold base64(user:password). Inside any longer base64 string
  // the password sits at one of three byte alignments: its stable middle at each is masked too.
  const forms = [password, b64(`${username}:${password}`), b64(password)];
  for (const prefix of ['', 'x', 'xx']) {
    const encoded = b64(`${prefix}${password}`);
    // The first group mixes in the prefix (when there is one), the last the bytes after the password.
    const stable = encoded.slice(prefix ? 4 : 0, -4);
    if (stable.length >= 8) forms.push(stable);
  }
  return [...new Set(forms.filter((f) => f.length >= 4))];
}
