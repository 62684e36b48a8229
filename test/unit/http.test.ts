import { describe, expect, it } from 'vitest';
import { limitResponseSize } from '../../packages/mv3-signin/src/core/http';

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
