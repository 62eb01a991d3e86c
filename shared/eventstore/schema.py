"""DDL of the platform tables every service database has.

Applied by each service's first Alembic revision (``shared.migrations.platform_upgrade``).
``UPGRADE`` and ``DOWNGRADE`` are a frozen revision (a test pins their digest): a change to the
platform tables is a new set of statements applied by a new revision of every service, as the
relay leases were.

- ``events``: the append-only event store. ``transaction_id`` (xid8) is the id of the writing
  transaction; the global feed is ordered by (transaction_id, global_position) and only returns
  events of transactions older than the reader's snapshot xmin, so an event whose transaction
  commits late is never skipped (docs/architecture.md, "The global feed").
- A statement-level trigger rejects UPDATE, DELETE and TRUNCATE on ``events``.
- The relay listens on ``NOTIFY_CHANNEL``; units of work notify it after they commit
  (``shared.messaging.notifier``: a NOTIFY inside the writing transaction would serialise
  commits).
- ``idempotency_keys``: the first response to a command sent with an Idempotency-Key.
- ``inbox``: ids of events a consumer has applied, written in the effect's transaction.
- ``inbox_streams``: per source stream, the last version a consumer has taken, so a stream's
  events are applied in version order even when a topic holds a late duplicate or a straggler.
- ``relay_checkpoints``: how far the outbox relay has published each topic.
- ``dead_letters``: messages a consumer gave up on, with the reason (also sent to Kafka).
"""

from __future__ import annotations

NOTIFY_CHANNEL = "kelisim_events"

UPGRADE: tuple[str, ...] = (
    """
    CREATE TABLE events (
        global_position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id  XID8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id       TEXT NOT NULL CHECK (length(stream_id) BETWEEN 1 AND 200),
        stream_type     TEXT NOT NULL CHECK (length(stream_type) BETWEEN 1 AND 100),
        version         INTEGER NOT NULL CHECK (version > 0),
        event_id        UUID NOT NULL,
        event_type      TEXT NOT NULL,
        schema_version  INTEGER NOT NULL CHECK (schema_version > 0),
        data            JSONB NOT NULL,
        metadata        JSONB NOT NULL,
        recorded_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT events_stream_version_key UNIQUE (stream_id, version),
        CONSTRAINT events_event_id_key UNIQUE (event_id)
    )
    """,
    "CREATE INDEX events_feed_idx ON events (transaction_id, global_position)",
    "CREATE INDEX events_type_idx ON events (event_type)",
    """
    CREATE FUNCTION events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'the event store is append-only: % on events is not allowed', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    """
    CREATE TRIGGER events_append_only
        BEFORE UPDATE OR DELETE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION events_reject_change()
    """,
    """
    CREATE TRIGGER events_no_truncate
        BEFORE TRUNCATE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION events_reject_change()
    """,
    """
    CREATE TABLE idempotency_keys (
        scope           TEXT NOT NULL,
        key             TEXT NOT NULL,
        request_hash    TEXT NOT NULL,
        status_code     INTEGER NOT NULL,
        body            JSONB NOT NULL,
        created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
    )
    """,
    """
    CREATE TABLE inbox (
        consumer        TEXT NOT NULL,
        event_id        UUID NOT NULL,
        topic           TEXT NOT NULL,
        stream_id       TEXT NOT NULL,
        event_type      TEXT NOT NULL,
        processed_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
    )
    """,
    """
    CREATE TABLE inbox_streams (
        consumer        TEXT NOT NULL,
        stream_id       TEXT NOT NULL,
        version         INTEGER NOT NULL,
        PRIMARY KEY (consumer, stream_id)
    )
    """,
    """
    CREATE TABLE relay_checkpoints (
        topic           TEXT PRIMARY KEY,
        transaction_id  XID8 NOT NULL,
        global_position BIGINT NOT NULL,
        published_count BIGINT NOT NULL,
        updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
    )
    """,
    """
    CREATE TABLE dead_letters (
        id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        consumer        TEXT NOT NULL,
        topic           TEXT NOT NULL,
        kafka_partition INTEGER NOT NULL,
        kafka_offset    BIGINT NOT NULL,
        event_id        TEXT,
        event_type      TEXT,
        reason          TEXT NOT NULL,
        attempts        INTEGER NOT NULL,
        payload         TEXT NOT NULL,
        recorded_at     TIMESTAMPTZ NOT NULL DEFAULT now()
    )
    """,
    # The relay's leadership lease (shared/messaging/relay.py). Databases made before it get it
    # from a later, expand-only revision of each service (shared.migrations.relay_leases_upgrade).
    """
    CREATE TABLE IF NOT EXISTS relay_leases (
        topic           TEXT PRIMARY KEY,
        holder          TEXT NOT NULL,
        epoch           BIGINT NOT NULL,
        expires_at      TIMESTAMPTZ NOT NULL,
        renewed_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
    )
    """,
)
RELAY_LEASES_UPGRADE = UPGRADE[-1]

DOWNGRADE: tuple[str, ...] = (
    "DROP TABLE IF EXISTS relay_leases",
    "DROP TABLE dead_letters",
    "DROP TABLE relay_checkpoints",
    "DROP TABLE inbox_streams",
    "DROP TABLE inbox",
    "DROP TABLE idempotency_keys",
    "DROP TABLE events",
    "DROP FUNCTION events_reject_change()",
)
