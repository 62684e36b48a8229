import { describe, expect, it } from 'vitest';
import { limitResponseSize, readCapped } from '../../packages/mv3-signin/src/core/http';

// Issue 5: a 5 MB provider response is refused, not parsed.
describe('limitResponseSize', () => {
  it('returns an unread copy of a response within the limit', async () => {
    const original = new Response('{"access_token":"a"}', { status: 200, headers: { 'content-type': 'application/json' } });
    const copy = await limitResponseSize(original, 1024);
    expect(copy.bodyUsed).toBe(false);
    expect(copy.status).toBe(200);
    expect(copy.headers.get('content-type')).toBe('application/json');
    await expect(copy.json()).resolves.toEqual({ access_token: 'a' });
  });

  it('refuses a body larger than the limit, declared or streamed', async () => {
    const declared = new Response('x'.repeat(10), { headers: { 'content-length': '2048' } });
    await expect(limitResponseSize(declared, 1024)).rejects.toBeInstanceOf(RangeError);
    const chunk = new Uint8Array(600);
    const streamed = new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(chunk);
          controller.enqueue(chunk);
          controller.close();
        },
      }),
    );
    await expect(limitResponseSize(streamed, 1024)).rejects.toBeInstanceOf(RangeError);
  });

  it('keeps a status that has no body (204)', async () => {
    const copy = await limitResponseSize(new Response(null, { status: 204 }), 1024);
    expect(copy.status).toBe(204);
    await expect(copy.text()).resolves.toBe('');
  });
});

// The one capped reader: provider responses (limitResponseSize) and API bodies (service/api.ts).
describe('readCapped', () => {
  /** A stream of `chunks` that records whether it was cancelled. */
  function streamOf(...chunks: string[]) {
    const state = { cancelled: false };
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(encoder.encode(next));
      },
      cancel() {
        state.cancelled = true;
      },
    });
    return { body, state };
  }
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

  it('reads a body within the cap whole, across chunks', async () => {
    const { body, state } = streamOf('abc', 'def');
    const read = await readCapped(body, 6);
    expect({ text: text(read.bytes), cut: read.cut }).toEqual({ text: 'abcdef', cut: false });
    expect(state.cancelled).toBe(false);
  });

  it('keeps the first `max` bytes of a longer body, cancels the rest and says it was cut', async () => {
    const { body, state } = streamOf('abc', 'defgh', 'never read');
    const read = await readCapped(body, 5);
    expect({ text: text(read.bytes), cut: read.cut }).toEqual({ text: 'abcde', cut: true });
    expect(state.cancelled).toBe(true);
  });

  it('reads no body as empty', async () => {
    await expect(readCapped(null, 5)).resolves.toEqual({ bytes: new Uint8Array(0), cut: false });
  });
});
