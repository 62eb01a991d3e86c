"""Tamper-evident audit of every service's event log.

- ``merkle``: RFC 9162 hashing, inclusion and consistency proofs and their verification.
- ``canonical``: the canonical leaf of an event (RFC 8785), what each leaf commits to.
- ``heads``: signed tree heads (Ed25519) and the service's audit keys (never in its database).
- ``schema``: the audit tables (leaves in commit order, subtree hashes, signed heads).
- ``log``: the store-backed tree and the background tree builder that follows the feed.
- ``api``: ``/v1/audit`` on every service; ``health``: how far the log covers the store.

The auditor's tools (``kelisim audit``: verify, export, Popolo, replay, cross-checks) are
in ``ops.audit``.
"""
