// Issue 21, item 6: the local provider's second API, as B2C has it. The demo client is consented for both APIs; one
// sign-in's refresh token is redeemed for either API's scopes (a token with that API's audience), a request naming two
// APIs is AADB2C90146, and the reference API started as the second API takes only the second API's tokens.
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_API_ROLES, readApiConfig } from '../../server/api/config.ts';
import { startApi, type Api } from '../../server/api/index.ts';
import { startIdp } from '../../server/idp/index.ts';
import { moreThanOneResource } from '../../server/idp/resources.ts';
import {
  API_APP_ID,
  API_SCOPE,
  API_SCOPE_NAME,
  CLIENT_ID,
  EXTENSION_ORIGIN,
  SECOND_API_APP_ID,
  SECOND_API_SCOPE,
  SECOND_API_SCOPE_NAME,
} from '../../server/local.ts';
import {
  ALICE,
  SCOPE,
  as,
  client,
  refresh,
  keepOutOfLog,
  startFlow,
  tokens,
  useIdpClient,
  verifyWithJwks,
} from '../support/idp-client';

const idp = useIdpClient();
const SECOND_SCOPE = `openid offline_access ${SECOND_API_SCOPE}`;
const MIXED_SCOPE = `openid offline_access ${API_SCOPE} ${SECOND_API_SCOPE}`;

/** Validates a refresh response (oauth4webapi checks all, the ID token included) and keeps its tokens out of the log. */
async function redeemed(response: Response) {
  const result = await oauth.processRefreshTokenResponse(as, client, response);
  keepOutOfLog(result);
  return result;
}

describe('the second API resource (issue 21)', () => {
  it('redeems the refresh token of a sign-in for the first API for the second API, then for the first again', async () => {
    const { result } = await tokens();
    expect((await verifyWithJwks(result.access_token)).payload.aud).toBe(API_APP_ID);

    const second = await redeemed(await refresh(result.refresh_token!, { scope: SECOND_SCOPE }));
    const { payload } = await verifyWithJwks(second.access_token);
    expect(payload).toMatchObject({ iss: idp.issuer, aud: SECOND_API_APP_ID, scp: SECOND_API_SCOPE_NAME, azp: CLIENT_ID });
    expect(payload.sub).toBe(ALICE.oid);
    expect(second.scope!.split(' ').sort()).toEqual(['offline_access', 'openid', SECOND_API_SCOPE].sort());
    expect(second.refresh_token).toEqual(expect.any(String));
    expect(second.refresh_token).not.toBe(result.refresh_token);

    // The rotated refresh token still serves both APIs.
    const first = await redeemed(await refresh(second.refresh_token!, { scope: SCOPE }));
    expect((await verifyWithJwks(first.access_token)).payload).toMatchObject({ aud: API_APP_ID, scp: API_SCOPE_NAME });
    expect(first.scope!.split(' ').sort()).toEqual(['offline_access', 'openid', API_SCOPE].sort());
    const again = await redeemed(await refresh(first.refresh_token!, { scope: SECOND_SCOPE }));
    expect((await verifyWithJwks(again.access_token)).payload.aud).toBe(SECOND_API_APP_ID);
  });

  it('without a scope, a refresh gives a token for the API of the sign-in', async () => {
    const { result } = await tokens();
    const second = await redeemed(await refresh(result.refresh_token!, { scope: SECOND_SCOPE }));
    const plain = await redeemed(await refresh(second.refresh_token!));
    expect((await verifyWithJwks(plain.access_token)).payload).toMatchObject({ aud: API_APP_ID, scp: API_SCOPE_NAME });
  });

  it('refuses a refresh token presented a second time, whichever API it asks for', async () => {
    const { result } = await tokens();
    await redeemed(await refresh(result.refresh_token!, { scope: SECOND_SCOPE }));
    const reuse = await refresh(result.refresh_token!, { scope: SECOND_SCOPE });
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toMatchObject({ error: 'invalid_grant' });
    expect(idp.controls.stats().refreshTokenReuse).toBe(1);
  });

  it('answers an authorization request naming both APIs with AADB2C90146 at the redirect URI', async () => {
    const flow = await startFlow({ scope: MIXED_SCOPE });
    const response = await fetch(flow.url, { redirect: 'manual' });
    const location = new URL(response.headers.get('location')!);
    const error = (() => {
      try {
        oauth.validateAuthResponse(as, client, location, flow.state);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(oauth.AuthorizationResponseError);
    expect(error).toMatchObject({ error: 'invalid_request', error_description: moreThanOneResource(MIXED_SCOPE) });
    expect(moreThanOneResource(MIXED_SCOPE)).toMatch(/^AADB2C90146: The scope '.+' provided in request specifies more than one/);
  });

  it('answers a refresh naming both APIs with AADB2C90146, and the refresh token stays usable', async () => {
    const { result } = await tokens();
    const mixed = await refresh(result.refresh_token!, { scope: MIXED_SCOPE });
    expect(mixed.status).toBe(400);
    expect(await mixed.json()).toEqual({ error: 'invalid_request', error_description: moreThanOneResource(MIXED_SCOPE) });
    const second = await redeemed(await refresh(result.refresh_token!, { scope: SECOND_SCOPE }));
    expect((await verifyWithJwks(second.access_token)).payload.aud).toBe(SECOND_API_APP_ID);
    expect(idp.controls.stats().refreshTokenReuse).toBe(0);
  });
});

describe('the reference API as the second API (issue 21)', () => {
  let firstApi: Api;
  let secondApi: Api;
  const secondLog: string[] = [];

  beforeAll(async () => {
    // As `npm run api` and `npm run api:second` read their settings, on free ports and this file's provider.
    const env = { API_ISSUER: idp.issuer, API_AUTHORITY: idp.authority };
    firstApi = await startApi({ ...readApiConfig(env, LOCAL_API_ROLES.first), port: 0, log: () => undefined });
    secondApi = await startApi({ ...readApiConfig(env, LOCAL_API_ROLES.second), port: 0, log: (line) => secondLog.push(line) });
  });
  afterAll(async () => {
    await firstApi?.close();
    await secondApi?.close();
  });

  const call = (api: Api, token: string) =>
    fetch(api.url, { headers: { authorization: `Bearer ${token}`, origin: EXTENSION_ORIGIN } });

  it("takes only its own API's tokens, each API alike", async () => {
    const { result } = await tokens();
    const firstToken = result.access_token;
    const secondToken = (await redeemed(await refresh(result.refresh_token!, { scope: SECOND_SCOPE }))).access_token;

    const ok = await call(secondApi, secondToken);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(EXTENSION_ORIGIN);
    expect(await ok.json()).toMatchObject({ subject: ALICE.oid, scopes: [SECOND_API_SCOPE_NAME] });
    const refused = await call(secondApi, firstToken);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    expect(JSON.parse(secondLog.at(-1)!)).toMatchObject({ status: 401, reason: 'claim_aud_invalid' });

    expect((await call(firstApi, firstToken)).status).toBe(200);
    expect((await call(firstApi, secondToken)).status).toBe(401);
  });
});

describe('the apis option (issue 21)', () => {
  it('is the whole list: with apiAppId, or with an API B2C could not register, the provider does not start', async () => {
    const first = { appId: API_APP_ID, scopes: [API_SCOPE] };
    await expect(startIdp({ port: 0, apis: [first], apiAppId: API_APP_ID })).rejects.toThrow(/set it or "apiAppId"/);
    await expect(startIdp({ port: 0, apis: [{ appId: API_APP_ID, scopes: ['demo.read'] }] })).rejects.toThrow(
      /must be a full scope URL/,
    );
    await expect(
      startIdp({ port: 0, apis: [first, { appId: SECOND_API_APP_ID, scopes: [`${API_SCOPE}.all`] }] }),
    ).rejects.toThrow(/listed twice/);
  });
});
