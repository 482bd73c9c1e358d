// The config file's bytes as text: UTF-8 only (a byte-order mark is dropped), decoded strictly so a
// Latin-1 or UTF-16 file is a config error naming the first bad byte instead of mis-decoded text.

/** The decoded text, or where the first byte that is not UTF-8 sits. */
export type Decoded = { text: string } | { badOffset: number; byte: number };

const BOM = [0xef, 0xbb, 0xbf];

/** Strict UTF-8 decoding (TextDecoder fatal); a leading BOM is not part of the text. */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  const bom = BOM.every((b, i) => bytes[i] === b) ? BOM.length : 0;
  const body = bytes.subarray(bom);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body) };
  } catch {
    const offset = firstInvalidUtf8(body);
    return { badOffset: bom + offset, byte: body[offset] ?? 0 };
  }
}

/**
 * Offset of the first byte that starts (or truncates) an ill-formed UTF-8 sequence, or -1 (the
 * well-formed table of the Unicode standard, §3.9 D92: no overlongs, no surrogates, at most U+10FFFF).
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (c === undefined || c < min || c > max) return i;
    }
    i += length;
  }
  return -1;
}

/** Text with a leading U+FEFF (a BOM that survived decoding elsewhere) removed. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
