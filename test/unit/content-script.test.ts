// Issue 21, item 4: which senders the background takes for this extension's content script (the sender's part of
// the checks; the site's record and its permission are the background's next question: test/integration/site-fetch).
import { describe, expect, it } from 'vitest';
import type { MessageSender } from '../../packages/mv3-signin/src/core/browser';
import { contentScriptSender } from '../../packages/mv3-signin/src/messaging/content-script';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const SITE = 'https://shop.example';

/** A content script in the top frame of tab 7, showing https://shop.example/orders (as Chrome describes it). */
const good: MessageSender = {
  id: ID,
  url: `${SITE}/orders?x=1`,
  origin: SITE,
  frameId: 0,
  tab: { id: 7, url: `${SITE}/orders?x=1#top` },
};

describe('contentScriptSender', () => {
  it('gives the tab and the page’s origin for this extension’s content script in a top frame', () => {
    expect(contentScriptSender(good, ID)).toEqual({ tabId: 7, origin: SITE });
  });

  it('takes a sender without the origin or the tab URL (Firefox, or no permission to read the tab)', () => {
    const { origin: _origin, ...withoutOrigin } = good;
    expect(contentScriptSender({ ...withoutOrigin, tab: { id: 7 } }, ID)).toEqual({ tabId: 7, origin: SITE });
  });

  it('takes a loopback http page, port included', () => {
    const url = 'http://localhost:5391/';
    expect(contentScriptSender({ ...good, url, origin: 'http://localhost:5391', tab: { id: 1, url } }, ID)).toEqual({
      tabId: 1,
      origin: 'http://localhost:5391',
    });
  });

  it.each<[string, MessageSender]>([
    ['another extension', { ...good, id: 'otherextensionidotherextensionid' }],
    ['no extension id', { ...good, id: undefined }],
    ['no tab (an extension page, a worker)', { ...good, tab: undefined }],
    ['a tab without an id', { ...good, tab: { url: good.url } }],
    ['the tab id of no tab (-1)', { ...good, tab: { id: -1, url: good.url } }],
    ['a tab id that is not a number', { ...good, tab: { id: '7' as unknown as number, url: good.url } }],
    ['a subframe', { ...good, frameId: 3 }],
    ['no frame id', { ...good, frameId: undefined }],
    ['no URL', { ...good, url: undefined }],
    ['a URL that is no URL', { ...good, url: 'not a url' }],
    ['an extension page’s URL', { ...good, url: `chrome-extension://${ID}/popup.html`, origin: `chrome-extension://${ID}` }],
    ['a file URL', { ...good, url: 'file:///home/me/orders.html', origin: 'null' }],
    ['about:blank', { ...good, url: 'about:blank', origin: SITE }],
    ['a data URL', { ...good, url: 'data:text/html,<p>x', origin: 'null' }],
    ['an origin other than the tab’s', { ...good, tab: { id: 7, url: 'https://evil.example/' } }],
    ['a tab URL of another port', { ...good, tab: { id: 7, url: 'https://shop.example:8443/orders' } }],
    ['a tab URL of another scheme', { ...good, tab: { id: 7, url: 'http://shop.example/orders' } }],
    ['a tab URL that is no URL', { ...good, tab: { id: 7, url: 'chrome://newtab/' } }],
    ['a sandboxed document (origin "null")', { ...good, origin: 'null' }],
    ['an origin other than the URL’s', { ...good, origin: 'https://evil.example' }],
  ])('refuses %s', (_name, sender) => {
    expect(contentScriptSender(sender, ID)).toBeUndefined();
  });
});
