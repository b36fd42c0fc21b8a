// Sign-in with OpenID Connect in the browser: the authorization code flow with PKCE (S256), as a
// public client (no secret). The ID token goes to POST /api/v1/session, which verifies it and
// answers a place session; the provider's tokens are not kept (docs/protocol.md, Signing in).

const PENDING_KEY = 'place.signin';

function base64url(bytes) {
  let text = '';
  for (const b of new Uint8Array(bytes)) {
    text += String.fromCharCode(b);
  }
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A fresh random string of 32 bytes, base64url (43 characters): PKCE verifier, state, nonce. */
export function randomToken(cryptoApi = globalThis.crypto) {
  return base64url(cryptoApi.getRandomValues(new Uint8Array(32)));
}

/** The PKCE S256 challenge of a verifier: base64url(SHA-256(verifier)) (RFC 7636, 4.2). */
export async function pkceChallenge(verifier, cryptoApi = globalThis.crypto) {
  return base64url(await cryptoApi.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
}

/** The authorization request URL (OpenID Connect Core 3.1.2.1). */
export function authorizeUrl(endpoint, { clientId, redirectUri, state, nonce, challenge }) {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: 'openid',
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `${endpoint}${endpoint.includes('?') ? '&' : '?'}${query}`;
}

/** The claims of a JWT, unverified: only to check the nonce we sent; the server verifies the token. */
export function jwtClaims(jwt) {
  const part = jwt.split('.')[1] || '';
  const padded = part.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((part.length + 3) % 4);
  return JSON.parse(decodeURIComponent(escape(atob(padded))));
}

/** The page's own address without the query the provider added: where the provider sends us back. */
export function redirectUriOf(loc) {
  return loc.origin + loc.pathname;
}

async function discovery(issuer) {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) {
    throw new Error(`sign-in provider: HTTP ${response.status}`);
  }
  const doc = await response.json();
  if (doc.issuer !== issuer) {
    throw new Error('sign-in provider: the discovery document names another issuer');
  }
  return doc;
}

/** Sends the browser to the provider's login page; it comes back to this page with a code. */
export async function beginSignIn(provider, loc = location, storage = sessionStorage) {
  const doc = await discovery(provider.issuer);
  const verifier = randomToken();
  const pending = { verifier, state: randomToken(), nonce: randomToken(), redirectUri: redirectUriOf(loc), hash: loc.hash };
  storage.setItem(PENDING_KEY, JSON.stringify(pending));
  loc.assign(authorizeUrl(doc.authorization_endpoint, {
    clientId: provider.clientId,
    redirectUri: pending.redirectUri,
    state: pending.state,
    nonce: pending.nonce,
    challenge: await pkceChallenge(verifier),
  }));
}

/**
 * If the page was opened by the provider's redirect, redeems the code for an ID token (checking
 * state and nonce) and returns it, after removing the code from the address bar; otherwise null.
 */
export async function completeSignIn(provider, loc = location, storage = sessionStorage, hist = history) {
  const query = new URLSearchParams(loc.search);
  if (!query.has('code') && !query.has('error')) {
    return null;
  }
  const pending = JSON.parse(storage.getItem(PENDING_KEY) || 'null');
  storage.removeItem(PENDING_KEY);
  hist.replaceState(null, '', redirectUriOf(loc) + (pending?.hash || loc.hash));
  if (query.has('error')) {
    throw new Error(`sign-in refused: ${query.get('error_description') || query.get('error')}`);
  }
  if (!pending || query.get('state') !== pending.state) {
    throw new Error('sign-in answer does not match a sign-in of this page (state)');
  }
  const doc = await discovery(provider.issuer);
  const response = await fetch(doc.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: query.get('code'),
      redirect_uri: pending.redirectUri,
      client_id: provider.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const tokens = await response.json().catch(() => ({}));
  if (!response.ok || !tokens.id_token) {
    throw new Error(`sign-in failed: ${tokens.error_description || tokens.error || `HTTP ${response.status}`}`);
  }
  if (jwtClaims(tokens.id_token).nonce !== pending.nonce) {
    throw new Error('sign-in answer does not match a sign-in of this page (nonce)');
  }
  return tokens.id_token;
}
