// A URL in running text, up to the next space.
const URL_IN_TEXT = /https?:\/\/\S+/g;
// After a / or a . that a letter or digit follows, but not right after the scheme's "://".
const BREAK_AFTER = /(?<=[/.])(?<!:\/\/)(?=\w)/;

/**
 * Cuts `text` where a line may break inside its URLs: after each `/` and `.`, so that a long URL
 * wraps between its parts rather than mid-word (`…/v2.0/a|uthorize`). Text outside URLs is not cut.
 *
 * @returns the pieces, which joined give `text` back; the page puts a `<wbr>` between them.
 */
export function urlBreakPieces(text: string): string[] {
  const pieces = [''];
  let from = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const [first = '', ...rest] = match[0].split(BREAK_AFTER);
    pieces[pieces.length - 1] += text.slice(from, match.index) + first;
    pieces.push(...rest);
    from = match.index + match[0].length;
  }
  pieces[pieces.length - 1] += text.slice(from);
  return pieces;
}
