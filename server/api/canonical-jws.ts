// The value of each base64url character plus one (0: not in the alphabet), for its last character's unused bits.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SEXTET_PLUS_ONE = new Uint8Array(128);
for (let value = 0; value < ALPHABET.length; value += 1) SEXTET_PLUS_ONE[ALPHABET.charCodeAt(value)] = value + 1;

// A segment's length modulo 4 and how many low bits of its last character the bytes leave unused:
// 2 characters carry 1 byte (4 bits unused), 3 carry 2 bytes (2 bits unused), 4 carry 3 (none).
const UNUSED_BITS_MASK = [0, -1, 0b1111, 0b11] as const;

function canonicalEnd(token: string, start: number, end: number): boolean {
  if (end === start) return true;
  const mask = UNUSED_BITS_MASK[(end - start) & 3]!;
  const valuePlusOne = SEXTET_PLUS_ONE[token.charCodeAt(end - 1)] ?? 0;
  return mask >= 0 && valuePlusOne !== 0 && ((valuePlusOne - 1) & mask) === 0;
}

/**
 * Returns whether `token` is three base64url segments, each as its bytes encode it: no padding, no length
 * that no byte count gives (length % 4 of 1), and the unused low bits of its last character zero. Decoders
 * ignore those bits, so without this check one RS256 signature has 16 spellings that all verify (and each
 * would take a cache entry of its own).
 *
 * Only the ends are read, so the check costs the same for any token size: the characters before them are
 * left to jose's decoder, which refuses everything outside base64url except ASCII whitespace (the forgiving
 * base64 of `atob`), and the API's bearer reader (bearer.ts) refuses whitespace in a token before it gets here.
 */
export function isCanonicalCompactJws(token: string): boolean {
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) return false;
  return canonicalEnd(token, 0, first) && canonicalEnd(token, first + 1, second) && canonicalEnd(token, second + 1, token.length);
}
