// Small markdown helpers shared by the check outputs and the GitHub renderers.
import { plainText } from './plain-text.js';

/** A fenced markdown block that no backtick run inside `text` can close early. */
export function fenced(text: string, info = 'text'): string {
  // Markdown on GitHub shows terminal escapes as garbage: the text without them.
  text = plainText(text);
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text.endsWith('\n') ? text : `${text}\n`}${fence}`;
}

/** Escapes text for a markdown table cell, cut to `max` characters when given. */
export function cell(text: string, max?: number): string {
  const escaped = plainText(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  return max === undefined ? escaped : escaped.slice(0, max);
}
