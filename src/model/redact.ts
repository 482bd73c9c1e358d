// Secret values kept out of what we show: build output (image.secrets) and registry messages (the
// credentials and tokens the registry client holds). A secret becomes what the Actions runner's
// masker writes for it.

/** What a redacted secret becomes (as the Actions runner's masker writes it). */
export const REDACTED = '***';
/** Shorter values are not redacted: they would turn every such string in the log into `***`. */
const MIN_REDACTED = 4;
/** The most output held back waiting for the end of its line. */
const MAX_PENDING = 64 * 1024;

/**
 * A function that replaces every secret value in a text with REDACTED: the whole value and, for a
 * multi-line value (a key file), each of its lines, as output shows them one line at a time.
 */
export function redactor(values: Iterable<string>): (text: string) => string {
  const forms = [...new Set([...values].flatMap((v) => [v, ...v.split(/\r?\n/).map((line) => line.trim())]))]
    .filter((form) => form.length >= MIN_REDACTED)
    // Longest first: a value that contains another is replaced whole.
    .sort((a, b) => b.length - a.length);
  if (!forms.length) return (text) => text;
  return (text) => forms.reduce((out, form) => out.split(form).join(REDACTED), text);
}

/**
 * Streamed output, redacted a whole line at a time (a value split across two chunks is still
 * found): push() passes on each chunk's complete lines, flush() the rest once the process ended.
 */
export function redactedLines(
  redact: (text: string) => string,
  write: (text: string) => void,
): { push(chunk: string): void; flush(): void } {
  let pending = '';
  const emit = (text: string): void => {
    const shown = redact(text).trimEnd();
    if (shown) write(shown);
  };
  const flush = (): void => {
    if (pending) emit(pending);
    pending = '';
  };
  const push = (chunk: string): void => {
    pending += chunk;
    const cut = pending.lastIndexOf('\n');
    if (cut >= 0) {
      emit(pending.slice(0, cut));
      pending = pending.slice(cut + 1);
    } else if (pending.length > MAX_PENDING) flush(); // no progress line is this long: pass it on
  };
  return { push, flush };
}
