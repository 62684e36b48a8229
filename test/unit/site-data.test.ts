// Issue 21, item 5: what the content script reads of a page and shows in it (lib/site-data.ts). Its DOM wiring
// (the MutationObserver, the latest request winning) runs in test/e2e/site.e2e.ts, against a real page.
import { describe, expect, it } from 'vitest';
import { answerText, elementsToShow, readSiteRequest, SITE_API_ATTRIBUTE } from '../../lib/site-data';

/** An element as far as the content script looks at it: its attributes, and the elements inside it. */
function element(attributes: Record<string, string>, inside: FakeElement[] = []): FakeElement {
  return {
    nodeType: 1,
    attributes,
    getAttribute: (name) => attributes[name] ?? null,
    hasAttribute: (name) => name in attributes,
    matches: (selector) => selector === `[${SITE_API_ATTRIBUTE}]` && SITE_API_ATTRIBUTE in attributes,
    querySelectorAll: (selector) =>
      inside
        .flatMap((child) => [child, ...child.querySelectorAll('*')])
        .filter((child) => selector === '*' || child.matches(selector)),
  };
}
interface FakeElement {
  nodeType: 1;
  attributes: Record<string, string>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  matches(selector: string): boolean;
  querySelectorAll(selector: string): FakeElement[];
}
const TEXT = { nodeType: 3 };

type Change = Pick<MutationRecord, 'type' | 'target' | 'addedNodes'>;
const attributeChange = (target: unknown) => ({ type: 'attributes', target, addedNodes: [] }) as unknown as Change;
const added = (...nodes: unknown[]) => ({ type: 'childList', target: TEXT, addedNodes: nodes }) as unknown as Change;

describe('readSiteRequest', () => {
  it('takes the API and the path as the page wrote them: checking them is the background’s', () => {
    expect(readSiteRequest(element({ 'data-signin-api': 'Orders API', 'data-signin-path': '/orders?open=1' }))).toEqual({
      api: 'Orders API',
      path: '/orders?open=1',
    });
    expect(readSiteRequest(element({ 'data-signin-api': ' x ', 'data-signin-path': 'https://evil.example/../' }))).toEqual({
      api: ' x ',
      path: 'https://evil.example/../',
    });
  });

  it('asks for the path "" when there is none (the background refuses it), and nothing without an API', () => {
    expect(readSiteRequest(element({ 'data-signin-api': 'API' }))).toEqual({ api: 'API', path: '' });
    expect(readSiteRequest(element({ 'data-signin-path': '/hello' }))).toBeUndefined();
  });
});

describe('answerText', () => {
  const answer = { api: 'Orders API', status: 200, body: '{"orders":[]}', truncated: false };

  it('is the body of a success, as it came', () => {
    expect(answerText(answer)).toBe('{"orders":[]}');
    expect(answerText({ ...answer, status: 204, body: '' })).toBe('');
    expect(answerText({ ...answer, body: '<img src=x onerror=alert(1)>' })).toBe('<img src=x onerror=alert(1)>');
  });

  it('says when the body was cut at the size limit', () => {
    expect(answerText({ ...answer, truncated: true })).toBe('{"orders":[]}\n(The answer was cut at the size limit.)');
  });

  it('names the API and the status of any other answer, without its body', () => {
    for (const status of [199, 301, 401, 404, 500]) {
      expect(answerText({ ...answer, status, body: 'secret detail' })).toBe(`Orders API answered with status ${status}.`);
    }
  });
});

describe('elementsToShow', () => {
  it('shows again an element whose data-signin-* attribute changed, while it names an API', () => {
    const output = element({ 'data-signin-api': 'API', 'data-signin-path': '/hello' });
    expect([...elementsToShow([attributeChange(output)])]).toEqual([output]);
    // The page took the API away: nothing to ask for.
    expect([...elementsToShow([attributeChange(element({ 'data-signin-path': '/x' }))])]).toEqual([]);
  });

  it('shows what the page added, and what is inside it, each element once', () => {
    const first = element({ 'data-signin-api': 'API' });
    const second = element({ 'data-signin-api': 'Orders API' });
    const plain = element({}, [first, element({}, [second])]);
    const shown = elementsToShow([added(TEXT, plain), added(first), attributeChange(first)]);
    expect([...shown]).toEqual([first, second]);
  });

  it('ignores text the content script wrote itself (a childList change with text only)', () => {
    expect([...elementsToShow([added(TEXT)])]).toEqual([]);
  });
});
