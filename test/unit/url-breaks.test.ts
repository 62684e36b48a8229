import { describe, expect, it } from 'vitest';
import { urlBreakPieces } from '../../lib/url-breaks';

// Issue 19, item 3: a URL in the report wraps between its parts, not mid-word (…/v2.0/a|uthorize).
describe('urlBreakPieces', () => {
  it('cuts a URL after each / and ., keeping "https://" whole', () => {
    expect(urlBreakPieces('https://contoso.b2clogin.com/t/v2.0/authorize')).toEqual([
      'https://contoso.',
      'b2clogin.',
      'com/',
      't/',
      'v2.',
      '0/',
      'authorize',
    ]);
  });

  it('cuts only inside URLs, and the pieces join to the text', () => {
    const text = 'Found it at http://localhost:5390/a.b/x. Then see https://e.example/, or not.';
    const pieces = urlBreakPieces(text);
    expect(pieces.join('')).toBe(text);
    expect(pieces).toEqual(['Found it at http://localhost:5390/', 'a.', 'b/', 'x. Then see https://e.', 'example/, or not.']);
  });

  it('leaves text without a URL whole', () => {
    expect(urlBreakPieces('Scopes names no API scope.')).toEqual(['Scopes names no API scope.']);
  });
});
