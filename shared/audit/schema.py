"""DDL of the audit tables every service database has.

A service's migration calls ``upgrade(op)`` (and ``downgrade(op)``); membership and sessions do
so in their ``00NN_audit`` revisions, council and monitoring in theirs. A later revision of each
(``00NN_audit_leaf_format``) calls ``upgrade_leaf_format(op)``.

- ``audit_leaves``: leaf ``leaf_index`` of the service's Merkle tree is the event at
  ``global_position`` (``event_id``), with its feed position's ``transaction_id``, and the
  SHA-256 leaf hash of its canonical leaf (``shared.audit.canonical``). Indices are handed out
  in commit order, gap-free, by the tree builder (``shared.audit.log``).
- ``audit_leaves.leaf_format``: 1 for an event's canonical leaf, 2 for a quarantined one (an
  event RFC 8785 cannot express, ``shared.audit.canonical``); the service derives a leaf again
  in the format it was built in. A partial index finds the quarantined ones.
- ``audit_nodes``: the hash of every complete aligned subtree of level ≥ 1, so that any proof
  is a handful of indexed lookups (``shared.audit.merkle``).
- ``audit_tree_heads``: the signed tree heads issued (the signature is checked against the
  service's public key, which is not in the database).

All three are append-only, like ``events``: a statement-level trigger rejects UPDATE, DELETE
and TRUNCATE (a superuser can disable it: the signed heads are what such a person cannot forge).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

UPGRADE: tuple[str, ...] = (
    """
    CREATE TABLE audit_leaves (
        leaf_index      BIGINT PRIMARY KEY CHECK (leaf_index >= 0),
        transaction_id  XID8 NOT NULL,
        global_position BIGINT NOT NULL,
        event_id        UUID NOT NULL,
        leaf_hash       BYTEA NOT NULL CHECK (length(leaf_hash) = 32),
        CONSTRAINT audit_leaves_position_key UNIQUE (global_position),
        CONSTRAINT audit_leaves_event_key UNIQUE (event_id)
    )
    """,
    """
    CREATE TABLE audit_nodes (
        level           SMALLINT NOT NULL CHECK (level > 0),
        node_index      BIGINT NOT NULL CHECK (node_index >= 0),
        hash            BYTEA NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (level, node_index)
    )
    """,
    """
    CREATE TABLE audit_tree_heads (
        id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tree_size       BIGINT NOT NULL CHECK (tree_size >= 0),
        root_hash       BYTEA NOT NULL CHECK (length(root_hash) = 32),
        issued_at_ms    BIGINT NOT NULL,
        key_id          TEXT NOT NULL,
        signature       BYTEA NOT NULL
    )
    """,
    "CREATE INDEX audit_tree_heads_size_idx ON audit_tree_heads (tree_size, issued_at_ms)",
    """
    CREATE FUNCTION audit_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'the audit log is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    *(
        statement
        for table in ("audit_leaves", "audit_nodes", "audit_tree_heads")
        for statement in (
            f"""
            CREATE TRIGGER {table}_append_only
                BEFORE UPDATE OR DELETE ON {table}
                FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change()
            """,
            f"""
            CREATE TRIGGER {table}_no_truncate
                BEFORE TRUNCATE ON {table}
                FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change()
            """,
        )
    ),
)

DOWNGRADE: tuple[str, ...] = (
    "DROP TABLE audit_tree_heads",
    "DROP TABLE audit_nodes",
    "DROP TABLE audit_leaves",
    "DROP FUNCTION audit_reject_change()",
)

LEAF_FORMAT_UPGRADE: tuple[str, ...] = (
    "ALTER TABLE audit_leaves ADD COLUMN leaf_format SMALLINT NOT NULL DEFAULT 1"
    " CONSTRAINT audit_leaves_leaf_format_check CHECK (leaf_format IN (1, 2))",
    "CREATE INDEX audit_leaves_quarantined_idx ON audit_leaves (leaf_index) WHERE leaf_format <> 1",
)

LEAF_FORMAT_DOWNGRADE: tuple[str, ...] = (
    "DROP INDEX audit_leaves_quarantined_idx",
    "ALTER TABLE audit_leaves DROP COLUMN leaf_format",
)

ALL_UPGRADE: tuple[str, ...] = (*UPGRADE, *LEAF_FORMAT_UPGRADE)
"""Every statement, in order: the audit tables as the latest revision leaves them."""

TABLES = ("audit_leaves", "audit_nodes", "audit_tree_heads")


def upgrade(op: Any) -> None:
    """Create the audit tables (call from a service's Alembic revision)."""
    for statement in UPGRADE:
        op.execute(text(statement))


def downgrade(op: Any) -> None:
    for statement in DOWNGRADE:
        op.execute(text(statement))


def upgrade_leaf_format(op: Any) -> None:
    """Add ``audit_leaves.leaf_format`` (call from a service's Alembic revision)."""
    for statement in LEAF_FORMAT_UPGRADE:
        op.execute(text(statement))


def downgrade_leaf_format(op: Any) -> None:
    for statement in LEAF_FORMAT_DOWNGRADE:
        op.execute(text(statement))
