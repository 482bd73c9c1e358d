// A small glob for report paths (Node 20 has neither fs.promises.glob nor path.matchesGlob):
// `*` and `?` within one path segment, `**` for any number of directories, `[abc]` classes and
// `{a,b}` alternatives. Like most globs, wildcards do not match names starting with a dot, and
// a walk never enters node_modules or dot directories unless the pattern names them.
import { promises as fs } from 'node:fs';
import path from 'node:path';

const MAGIC = /[*?[{]/;

/** `a/{b,c}/*.{xml,json}` → four patterns. Unbalanced braces are taken literally. */
export function expandBraces(pattern: string): string[] {
  let depth = 0;
  let open = -1;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '{') {
      if (depth === 0) open = i;
      depth++;
    } else if (ch === '}' && depth > 0) {
      depth--;
      if (depth === 0) {
        const body = pattern.slice(open + 1, i);
        const alternatives = splitTopLevel(body);
        if (alternatives.length < 2) continue;
        const head = pattern.slice(0, open);
        const tail = pattern.slice(i + 1);
        return alternatives.flatMap((alt) => expandBraces(head + alt + tail));
      }
    }
  }
  return [pattern];
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function segmentToRegExp(segment: string): string {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i] ?? '';
    if (ch === '\\' && i + 1 < segment.length) {
      out += escapeRe(segment[++i] ?? '');
    } else if (ch === '*') {
      while (segment[i + 1] === '*') i++;
      out += '[^/]*';
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else {
      out += escapeRe(ch);
    }
  }
  // Wildcards never match a leading dot; a segment that starts with "." says so itself.
  return segment.startsWith('.') ? out : `(?!\\.)${out}`;
}

/** Split into `/` segments, dropping `.` and empty ones; backslashes are escapes, not separators. */
function segmentsOf(pattern: string): string[] {
  return pattern.split('/').filter((s) => s !== '' && s !== '.');
}

/**
 * A RegExp matching whole relative `/`-separated paths against one glob (braces not expanded:
 * use expandBraces first).
 */
export function globToRegExp(pattern: string): RegExp {
  const segments = segmentsOf(pattern);
  let re = '';
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') {
      re += last ? '(?:(?!\\.)[^/]+/)*(?!\\.)[^/]+' : '(?:(?!\\.)[^/]+/)*';
    } else {
      re += segmentToRegExp(segment) + (last ? '' : '/');
    }
  });
  return new RegExp(`^${re}$`);
}

/** True when `relativePath` matches `pattern` (braces included). */
export function matchesGlob(relativePath: string, pattern: string): boolean {
  const p = relativePath.split(path.sep).join('/');
  return expandBraces(pattern).some((alt) => globToRegExp(alt).test(p));
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}

/**
 * Absolute paths of the files matching `pattern` (relative to `root`, or absolute), sorted.
 * A missing base directory matches nothing; other I/O errors are thrown.
 */
export async function glob(root: string, pattern: string): Promise<string[]> {
  const found = new Set<string>();
  for (const alt of expandBraces(pattern)) {
    for (const file of await globOne(root, alt)) found.add(file);
  }
  return [...found].sort();
}

async function globOne(root: string, pattern: string): Promise<string[]> {
  const absolute = path.isAbsolute(pattern);
  const segments = segmentsOf(pattern);
  const firstMagic = segments.findIndex((s) => MAGIC.test(s));
  const baseSegments = firstMagic === -1 ? segments : segments.slice(0, firstMagic);
  const base = path.resolve(absolute ? path.parse(path.resolve(pattern)).root : root, ...baseSegments);
  if (firstMagic === -1) return (await isFile(base)) ? [base] : [];

  const rest = segments.slice(firstMagic);
  const re = globToRegExp(rest.join('/'));
  const maxDepth = rest.includes('**') ? Number.POSITIVE_INFINITY : rest.length;
  const allowDot = rest.some((s) => s.startsWith('.'));
  const allowNodeModules = rest.includes('node_modules');
  const out: string[] = [];

  const walk = async (dir: string, rel: string, depth: number): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw error;
    }
    for (const entry of entries) {
      const name = entry.name;
      const full = path.join(dir, name);
      const relPath = rel ? `${rel}/${name}` : name;
      let kind: 'file' | 'dir' | 'other' = entry.isFile() ? 'file' : entry.isDirectory() ? 'dir' : 'other';
      if (entry.isSymbolicLink()) {
        try {
          const st = await fs.stat(full);
          // Symlinked directories are not followed (no loops); symlinked files are fine.
          kind = st.isFile() ? 'file' : 'other';
        } catch {
          kind = 'other';
        }
      }
      if (kind === 'file' && re.test(relPath)) out.push(full);
      if (kind === 'dir' && depth + 1 < maxDepth) {
        if (name.startsWith('.') && !allowDot) continue;
        if (name === 'node_modules' && !allowNodeModules) continue;
        await walk(full, relPath, depth + 1);
      }
    }
  };
  await walk(base, '', 0);
  return out;
}
