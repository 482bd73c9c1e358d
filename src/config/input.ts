// Helpers shared by the CLI's flags and the action's inputs.

/** Where the config lives when neither `--config` nor the `config` input names it. */
export const DEFAULT_CONFIG_FILE = '.github/immutable-qa.yml';

/** `a, b` or one per line → `['a', 'b']` (blanks dropped). */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
