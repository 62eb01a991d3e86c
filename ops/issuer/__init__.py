"""The development OpenID Connect issuer that ``kelisim up`` runs (http://127.0.0.1:8009).

It gives development and tests the same path to a token as production: discovery
(``/.well-known/openid-configuration``), a JWKS, the authorisation code flow with PKCE (S256)
and a login page listing development users and their roles, client credentials for systems,
and access tokens signed with asymmetric keys (RS256 or ES256) kept under
``<home>/issuer/``; :func:`ops.issuer.keys.rotate_key` (``kelisim issuer rotate-key``)
adds a key and makes it current, and the running issuer picks it up without a restart.

Built on authlib's server components (``authlib.oauth2`` grants with the PKCE extension,
``authlib.oidc.core`` for ID tokens) behind a small Starlette adapter
(:mod:`ops.issuer.server`), with joserfc keys. ``oidc-provider-mock`` was considered and
not taken: it is a Flask application whose access tokens are opaque (not JWTs the services can
verify on their own), and it has no key rotation or client-credentials clients with roles.

This issuer is for development and tests only: its users have no passwords, its clients'
secrets live in files under the home, and it refuses to start with
``KELISIM_ENVIRONMENT=production``.
"""
