import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHash, webcrypto } from 'node:crypto';
import { authorizeUrl, jwtClaims, pkceChallenge, randomToken, redirectUriOf } from '../js/auth.js';

test('the PKCE challenge is base64url of the SHA-256 of the verifier, unpadded', async () => {
  const verifier = 'dBjftJeZ4CVP-mJ92K9JgRsQDCpq6fOTNGwfFcFGKTaIjM';
  const expected = createHash('sha256').update(verifier).digest('base64url');
  assert.equal(await pkceChallenge(verifier, webcrypto), expected);
  assert.doesNotMatch(expected, /[=+/]/);
});

test('random tokens are 43 base64url characters and differ', () => {
  const a = randomToken(webcrypto);
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, randomToken(webcrypto));
});

test('the authorization request asks for a code with S256 PKCE and the openid scope', () => {
  const url = new URL(authorizeUrl('https://idp.example/authorize', {
    clientId: 'web', redirectUri: 'http://127.0.0.1:3000/', state: 's', nonce: 'n', challenge: 'c',
  }));
  assert.equal(url.origin + url.pathname, 'https://idp.example/authorize');
  assert.deepEqual(Object.fromEntries(url.searchParams), {
    response_type: 'code', client_id: 'web', redirect_uri: 'http://127.0.0.1:3000/', scope: 'openid',
    state: 's', nonce: 'n', code_challenge: 'c', code_challenge_method: 'S256',
  });
  assert.match(authorizeUrl('https://idp.example/oauth2/authorize?x=1', { clientId: 'w', redirectUri: 'r', state: 's',
    nonce: 'n', challenge: 'c' }), /\?x=1&response_type=code/);
});

test('the claims of an ID token are read for the nonce, unicode included', () => {
  const payload = Buffer.from(JSON.stringify({ nonce: 'n1', name: 'Zoë' })).toString('base64url');
  assert.deepEqual(jwtClaims(`e30.${payload}.sig`), { nonce: 'n1', name: 'Zoë' });
});

test('the redirect URI is the page without its query', () => {
  assert.equal(redirectUriOf({ origin: 'http://127.0.0.1:3000', pathname: '/', search: '?code=x' }), 'http://127.0.0.1:3000/');
});
