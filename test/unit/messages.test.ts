import { describe, expect, it } from 'vitest';
import { isTrustedSender, parseMessage } from '../../lib/message-handler';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}`;

describe('isTrustedSender', () => {
  it('accepts the popup (no tab) and the popup opened as a tab', () => {
    expect(isTrustedSender({ id: ID, url: `${ORIGIN}/popup.html` }, ID, ORIGIN)).toBe(true);
    expect(
      isTrustedSender({ id: ID, url: `${ORIGIN}/popup.html`, tab: { url: `${ORIGIN}/popup.html` } as never }, ID, ORIGIN),
    ).toBe(true);
  });

  it('rejects content scripts, other extensions and senders without a url', () => {
    expect(
      isTrustedSender({ id: ID, url: 'https://evil.example/', tab: { url: 'https://evil.example/' } as never }, ID, ORIGIN),
    ).toBe(false);
    expect(
      isTrustedSender(
        { id: 'otherextensionidotherextensionid', url: `chrome-extension://otherextensionidotherextensionid/x.html` },
        ID,
        ORIGIN,
      ),
    ).toBe(false);
    expect(isTrustedSender({ id: ID }, ID, ORIGIN)).toBe(false);
    expect(isTrustedSender({ url: `${ORIGIN}/popup.html` }, ID, ORIGIN)).toBe(false);
  });

  it('rejects one of our pages framed in a web page tab', () => {
    expect(
      isTrustedSender({ id: ID, url: `${ORIGIN}/popup.html`, tab: { url: 'https://evil.example/' } as never }, ID, ORIGIN),
    ).toBe(false);
  });
});

describe('parseMessage', () => {
  it('accepts exactly { type: <known name> }', () => {
    expect(parseMessage({ type: 'signIn' })).toEqual({ name: 'signIn' });
    expect(parseMessage({ type: 'callApi' })).toEqual({ name: 'callApi' });
  });

  it('accepts { type, value } only for the names that take a value (the settings), value unchecked yet', () => {
    expect(parseMessage({ type: 'saveSettings', value: { authority: 'x' } })).toEqual({
      name: 'saveSettings',
      value: { authority: 'x' },
    });
    expect(parseMessage({ type: 'checkSettings', value: 42 })).toEqual({ name: 'checkSettings', value: 42 });
    expect(parseMessage({ type: 'saveSettings' })).toBeUndefined();
    expect(parseMessage({ type: 'signIn', value: {} })).toBeUndefined();
  });

  it.each([
    ['null', null],
    ['a string', 'signIn'],
    ['an array', ['signIn']],
    ['an unknown type', { type: 'getTokens' }],
    ['a prototype key', { type: 'constructor' }],
    ['extra keys', { type: 'signIn', url: 'https://evil.example' }],
    ['extra keys beside a value', { type: 'saveSettings', value: {}, url: 'https://evil.example' }],
    ['a non-string type', { type: 1 }],
    ['a huge payload', { type: 'x'.repeat(1_000_000) }],
  ])('rejects %s', (_name, message) => {
    expect(parseMessage(message)).toBeUndefined();
  });
});
