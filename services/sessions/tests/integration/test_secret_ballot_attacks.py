"""The attacks of the secret-ballot review, replayed against a real PostgreSQL by a superuser of
the sessions database who does not hold the key-encryption key (docs/secret-ballot.md, the
attacker models). Each used to work; each now fails:

- the key swap by trigger: the poll does not open, or takes no ballot and does not
  close, loudly (``ballot_key_refused``);
- the batch-splitting trigger: a failed batch is refused, never cast ballot by ballot;
- ballot substitution (changed, copied, deleted, moved from another poll, sealed with another
  key): the close refuses to publish, names the poll and what failed, and the check is an event;
- pairing by storage while open: a voter pairs with no fewer than k sealed ballots, however
  ballots arrive; after the close nothing of the box is left to read (no relation, no dead
  tuple, no WAL record), and the logged variant shows what the scan would find otherwise;
- receipts in the logs: not one log line of a secret poll holds a receipt, whatever the voters
  look up and when.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg
import httpx
import pytest
import pytest_asyncio
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from fastapi import FastAPI
from sqlalchemy import text

from ops.testing.services import asgi_client, running_app, settings_for_test
from services.sessions.adapters.ballot_box import BallotBox
from services.sessions.application.ballot_intake import BALLOT_BATCH_FAILED, BallotIntake
from services.sessions.main import create_app
from services.sessions.settings import SessionsSettings
from services.sessions.tests.integration.test_polls_api import open_poll, sitting_with, vote
from services.sessions.tests.integration.test_secret_ballot_api import (
    ANONYMITY_SET,
    batches,
    box_tables,
    cast_all,
    lookup,
)
from services.sessions.tests.integration.test_sessions_api import member, problem, secretariat
from services.sessions.tests.secrecy import Secret, links_in

CHOICES = ["for"] * 9 + ["against"] * 7 + ["abstain"] * 4  # 20 voters
MOTION = {"kk": "Жасырын дауыс беру", "ru": "Тайное голосование"}


@pytest_asyncio.fixture
async def superuser(sessions_db: str) -> AsyncIterator[asyncpg.Connection]:
    """The attacker's psql: a superuser connection to the sessions database."""
    conn = await asyncpg.connect(sessions_db.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        yield conn
    finally:
        await conn.close()


@dataclass
class Voted:
    poll_id: uuid.UUID
    session_id: uuid.UUID
    item_id: uuid.UUID
    choices: dict[uuid.UUID, str]

    @property
    def box(self) -> str:
        return f"ballot_box_{self.poll_id.hex}"

    @property
    def key(self) -> str:
        return f"ballot_key_{self.poll_id.hex}"


async def secret_vote(client: httpx.AsyncClient, app: FastAPI) -> Voted:
    """A secret poll that all 20 members present have voted in (still open)."""
    session_id, item_id, members = await sitting_with(client, app, 20, 20)
    return await vote_again(client, app, session_id, item_id, members)


async def vote_again(
    client: httpx.AsyncClient,
    app: FastAPI,
    session_id: uuid.UUID,
    item_id: uuid.UUID,
    members: list[uuid.UUID],
) -> Voted:
    poll_id = await open_poll(client, app, session_id, item_id, "secret")
    choices = dict(zip(members, CHOICES, strict=True))
    answers = await asyncio.gather(*cast_all(client, app, poll_id, choices))
    assert [a.status_code for a in answers] == [201] * len(members)
    return Voted(poll_id, session_id, item_id, choices)


async def checks(superuser: asyncpg.Connection, poll_id: uuid.UUID) -> list[dict[str, object]]:
    """The poll's ``BallotBoxChecked`` events, in the event store (the audit log's leaves)."""
    rows = await superuser.fetch(
        "SELECT data FROM events WHERE event_type = 'BallotBoxChecked'"
        " AND data->>'poll_id' = $1 ORDER BY global_position",
        str(poll_id),
    )
    return [json.loads(row["data"]) for row in rows]


async def published(superuser: asyncpg.Connection, poll_id: uuid.UUID) -> int:
    return int(
        await superuser.fetchval(
            "SELECT count(*) FROM events WHERE event_type = 'BallotsPublished'"
            " AND data->>'poll_id' = $1",
            str(poll_id),
        )
    )


# -- the key swap ----------------------------------------------------------------------------------


async def test_a_swapped_key_keeps_the_poll_from_opening(
    client: httpx.AsyncClient, app: FastAPI, superuser: asyncpg.Connection
) -> None:
    """A trigger installed before the opening swaps the key the service stores for one of the
    attacker's choosing: their own (they cannot wrap it under the KEK) or another poll's,
    captured while that poll was open (wrapped under the KEK, but for that poll). The opening
    reads its key back, and the poll does not open."""
    earlier = await secret_vote(client, app)
    captured = await superuser.fetchval(f"SELECT wrapped FROM {earlier.key}")
    await client.post(f"/v1/polls/{earlier.poll_id}/closing", headers=secretariat(app))
    await superuser.execute(
        """
        CREATE TABLE zz_atk_key (wrapped bytea);
        CREATE FUNCTION zz_atk_swap() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN NEW.wrapped := (SELECT wrapped FROM zz_atk_key); RETURN NEW; END $f$;
        CREATE FUNCTION zz_atk_arm() RETURNS event_trigger LANGUAGE plpgsql AS $f$
        DECLARE created record;
        BEGIN
            FOR created IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
                IF created.object_identity LIKE 'public.ballot\\_key\\_%' THEN
                    EXECUTE format('CREATE TRIGGER zz_atk_swap BEFORE INSERT ON %s'
                        ' FOR EACH ROW EXECUTE FUNCTION zz_atk_swap()', created.object_identity);
                END IF;
            END LOOP;
        END $f$;
        CREATE EVENT TRIGGER zz_atk_arm ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
            EXECUTE FUNCTION zz_atk_arm();
        """
    )
    opened_before = await superuser.fetchval(
        "SELECT count(*) FROM events WHERE event_type = 'PollOpened'"
    )
    own_key = secrets.token_bytes(12 + 32 + 16)  # nonce, key, tag: but not under the KEK
    for swapped in (own_key, captured):
        await superuser.execute("DELETE FROM zz_atk_key")
        await superuser.execute("INSERT INTO zz_atk_key VALUES ($1)", swapped)
        refused = await client.post(
            f"/v1/sessions/{earlier.session_id}/polls",
            json={"item_id": str(earlier.item_id), "method": "secret", "motion": MOTION},
            headers={**secretariat(app), "Accept-Language": "en"},
        )
        assert problem(refused, 500)["code"] == "ballot_key_refused", refused.text
    assert (
        await superuser.fetchval("SELECT count(*) FROM events WHERE event_type = 'PollOpened'")
        == opened_before
    )
    assert await superuser.fetchval(
        "SELECT count(*) FROM pg_class WHERE relname LIKE 'ballot\\_%'"
    ) == 0  # fmt: skip


async def test_a_key_swapped_after_the_opening_takes_no_ballot_and_does_not_close(
    client: httpx.AsyncClient, app: FastAPI, sessions_db: str, superuser: asyncpg.Connection
) -> None:
    """Swapped in the database after the opening (UPDATE), the key is refused by every process
    that reads it: a replica that had not read it yet takes no ballot, and the close publishes
    nothing and records what failed. The process that read it at the opening still seals to
    the real key: nothing is ever sealed to a key the attacker chose."""
    session_id, item_id, members = await sitting_with(client, app, 20, 20)
    poll_id = await open_poll(client, app, session_id, item_id, "secret")
    key = f"ballot_key_{poll_id.hex}"
    real = await superuser.fetchval(f"SELECT wrapped FROM {key}")
    await superuser.execute(f"UPDATE {key} SET wrapped = $1", secrets.token_bytes(len(real)))

    replica = create_app(settings_for_test(SessionsSettings, sessions_db))
    async with running_app(replica), asgi_client(replica, "sessions") as other:
        refused = await vote(other, replica, poll_id, members[0], "for")
        assert problem(refused, 500)["code"] == "ballot_key_refused"
    assert await superuser.fetchval(
        "SELECT count(*) FROM events WHERE event_type = 'SecretBallotCast'"
    ) == 0  # fmt: skip

    closing = await client.post(
        f"/v1/polls/{poll_id}/closing", headers={**secretariat(app), "Accept-Language": "ru"}
    )
    body = problem(closing, 409)
    assert (body["code"], body["reason_code"]) == ("ballot_box_mismatch", "ballot_key_refused")
    assert body["poll_id"] == str(poll_id) and closing.headers["Content-Language"] == "ru"
    [check] = await checks(superuser, poll_id)
    assert check["failure"] == "ballot_key_refused"
    assert await published(superuser, poll_id) == 0
    assert (await client.get(f"/v1/polls/{poll_id}")).json()["status"] == "open"

    # Put back, the key is the poll's again: the members vote and the poll closes.
    await superuser.execute(f"UPDATE {key} SET wrapped = $1", real)
    answers = await asyncio.gather(*cast_all(client, app, poll_id, dict.fromkeys(members, "for")))
    assert [a.status_code for a in answers] == [201] * 20
    closed = await client.post(f"/v1/polls/{poll_id}/closing", headers=secretariat(app))
    assert closed.status_code == 200, closed.text
    assert [c["failure"] for c in await checks(superuser, poll_id)] == [
        "ballot_key_refused", None,
    ]  # fmt: skip


# -- the split: a trigger that fails every batch of more than one ballot ---------------------------


async def test_a_batch_splitting_trigger_gets_no_ballot_cast_alone(
    client: httpx.AsyncClient, app: FastAPI, superuser: asyncpg.Connection
) -> None:
    session_id, item_id, members = await sitting_with(client, app, 20, 20)
    poll_id = await open_poll(client, app, session_id, item_id, "secret")
    await superuser.execute(
        f"""
        CREATE FUNCTION zz_atk_split() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            IF coalesce(current_setting('zz_atk.n', true), '') = '1' THEN
                RAISE EXCEPTION 'canceling statement due to lock timeout' USING ERRCODE = '55P03';
            END IF;
            PERFORM set_config('zz_atk.n', '1', true); RETURN NEW;
        END $f$;
        CREATE TRIGGER zz_atk_split BEFORE INSERT ON ballot_box_{poll_id.hex}
            FOR EACH ROW EXECUTE FUNCTION zz_atk_split();
        """
    )
    failed_before = BALLOT_BATCH_FAILED._value.get()
    refused = await asyncio.gather(*cast_all(client, app, poll_id, dict.fromkeys(members, "for")))
    assert {problem(r, 503)["code"] for r in refused} == {"ballot_not_recorded"}
    assert BALLOT_BATCH_FAILED._value.get() == failed_before + 2  # tried twice, whole
    assert await batches(app, poll_id) == []  # nothing recorded, nothing cast alone

    await superuser.execute(f"DROP TRIGGER zz_atk_split ON ballot_box_{poll_id.hex}")
    again = await asyncio.gather(*cast_all(client, app, poll_id, dict.fromkeys(members, "for")))
    assert [a.status_code for a in again] == [201] * 20
    assert min(await batches(app, poll_id)) >= ANONYMITY_SET


# -- ballot substitution ---------------------------------------------------------------------------


def attackers_ballot() -> bytes:
    """A ballot sealed by someone without the KEK: well formed, with their own key."""
    nonce = secrets.token_bytes(12)
    plaintext = secrets.token_bytes(16) + bytes([1])
    return nonce + ChaCha20Poly1305(secrets.token_bytes(32)).encrypt(nonce, plaintext, b"")


TAMPERINGS = {
    # One counted ballot's bytes changed (the review turned an "against" into a "for").
    "changed": (
        "UPDATE {box} SET sealed = overlay(sealed PLACING '\\x00'::bytea FROM 20 FOR 1)"
        " WHERE ctid = (SELECT min(ctid) FROM {box})",
        "ballot_forged",
    ),
    # One ballot deleted and another copied in its place: the count holds.
    "copied": (
        "DELETE FROM {box} WHERE ctid = (SELECT min(ctid) FROM {box});"
        " INSERT INTO {box} SELECT sealed FROM {box} LIMIT 1",
        "ballot_forged",
    ),
    "deleted": ("DELETE FROM {box} WHERE ctid = (SELECT min(ctid) FROM {box})", "ballot_box_count"),
    "sealed by the attacker": (
        "DELETE FROM {box} WHERE ctid = (SELECT min(ctid) FROM {box});"
        " INSERT INTO {box} VALUES ('\\x" + attackers_ballot().hex() + "')",
        "ballot_forged",
    ),
    # What the close once trusted: the roll as the read model has it.
    "the read model's roll": (
        "DELETE FROM voter_roll WHERE ctid = (SELECT min(ctid) FROM voter_roll)"
        "; DELETE FROM {box} WHERE ctid = (SELECT min(ctid) FROM {box})",
        "ballot_box_count",
    ),
    # A roll entry of someone who did not vote, inserted into the event store.
    "a roll event added": (
        "INSERT INTO events (stream_id, stream_type, version, event_id, event_type,"
        " schema_version, data, metadata) SELECT 'vote-{poll}-' || m, 'vote', 1,"
        " gen_random_uuid(), 'SecretBallotCast', 1, jsonb_build_object('poll_id', '{poll}',"
        " 'member_id', m, 'session_id', data->>'session_id', 'cast_at', now()), '{{}}'"
        " FROM events, gen_random_uuid() AS m WHERE event_type = 'PollOpened'"
        " AND data->>'poll_id' = '{poll}'",
        "ballot_box_count",
    ),
}


@pytest.mark.parametrize("tampering", list(TAMPERINGS))
async def test_a_substituted_ballot_is_refused_at_the_close(
    client: httpx.AsyncClient, app: FastAPI, superuser: asyncpg.Connection, tampering: str
) -> None:
    """The close refuses to publish, names the poll and what failed, records the check in the
    audit log and leaves the poll open; an untampered box closes with its check recorded."""
    voted = await secret_vote(client, app)
    sql, failure = TAMPERINGS[tampering]
    await superuser.execute(sql.format(box=voted.box, poll=voted.poll_id))
    closing = await client.post(
        f"/v1/polls/{voted.poll_id}/closing", headers={**secretariat(app), "Accept-Language": "en"}
    )
    body = problem(closing, 409)
    assert (body["code"], body["reason_code"]) == ("ballot_box_mismatch", failure)
    assert body["poll_id"] == str(voted.poll_id)
    [check] = await checks(superuser, voted.poll_id)
    assert check["failure"] == failure
    assert check["roll"] == (21 if tampering == "a roll event added" else 20)
    assert await published(superuser, voted.poll_id) == 0
    assert (await client.get(f"/v1/polls/{voted.poll_id}")).json()["status"] == "open"
    assert await box_tables(app, voted.poll_id) != []  # kept, to investigate


async def test_a_ballot_moved_from_another_poll_is_refused(
    client: httpx.AsyncClient, app: FastAPI, superuser: asyncpg.Connection
) -> None:
    first = await secret_vote(client, app)
    taken = await superuser.fetchval(f"SELECT sealed FROM {first.box} LIMIT 1")
    closed = await client.post(f"/v1/polls/{first.poll_id}/closing", headers=secretariat(app))
    assert closed.status_code == 200
    [check] = await checks(superuser, first.poll_id)  # the untampered box: verified
    assert check == {
        "poll_id": str(first.poll_id), "session_id": str(first.session_id), "roll": 20,
        "batches": len(await batches(app, first.poll_id)), "sealed": 20, "authentic": 20,
        "smallest_batch": min(await batches(app, first.poll_id)), "failure": None,
    }  # fmt: skip

    second = await vote_again(client, app, first.session_id, first.item_id, list(first.choices))
    await superuser.execute(
        f"DELETE FROM {second.box} WHERE ctid = (SELECT min(ctid) FROM {second.box})"
    )
    await superuser.execute(f"INSERT INTO {second.box} VALUES ($1)", taken)
    body = problem(
        await client.post(f"/v1/polls/{second.poll_id}/closing", headers=secretariat(app)), 409
    )
    assert body["reason_code"] == "ballot_forged"


async def test_a_lost_box_takes_no_ballot_and_does_not_close(
    client: httpx.AsyncClient, app: FastAPI, superuser: asyncpg.Connection
) -> None:
    """What a PostgreSQL crash or failover does to a poll's unlogged box (it is emptied), or a
    superuser dropping it: refused loudly, never a result without the ballots."""
    voted = await secret_vote(client, app)
    await superuser.execute(f"TRUNCATE {voted.key}, {voted.box}")
    replica_like = app.state.platform.part(BallotIntake)
    assert replica_like.waiting(voted.poll_id) == 0
    body = problem(
        await client.post(f"/v1/polls/{voted.poll_id}/closing", headers=secretariat(app)), 409
    )
    assert body["reason_code"] == "ballot_box_lost"
    [check] = await checks(superuser, voted.poll_id)
    assert (check["failure"], check["roll"], check["sealed"]) == ("ballot_box_lost", 20, 0)


# -- pairing by storage, while open and after the close -----------------------------------------


async def test_ballots_arriving_one_by_one_pair_a_voter_with_at_least_k(
    client: httpx.AsyncClient, app: FastAPI, superuser: asyncpg.Connection
) -> None:
    """The review's sequential vote paired 40 of 40 voters with their sealed ballot by the
    transaction id (``xmin``) of its box row. Ballots sent one at a time are now committed
    in batches: a box row's ``xmin`` is the transaction of at least k roll entries."""
    session_id, item_id, members = await sitting_with(client, app, 24, 24)
    poll_id = await open_poll(client, app, session_id, item_id, "secret")
    intake = app.state.platform.part(BallotIntake)
    sent = []
    for n, member_id in enumerate(members, 1):  # each ballot once the previous has arrived
        sent.append(asyncio.ensure_future(vote(client, app, poll_id, member_id, "for")))
        for _ in range(3000):  # bounded; a few seconds at most unless the machine is loaded
            roll = await superuser.fetchval(
                "SELECT count(*) FROM voter_roll WHERE poll_id = $1", poll_id
            )
            if roll + intake.waiting(poll_id) == n:
                break
            await asyncio.sleep(0.01)
    assert [a.status_code for a in await asyncio.gather(*sent)] == [201] * 24

    # The attacker's join of the review: box rows to roll events by transaction id.
    pairs = await superuser.fetch(
        f"""
        SELECT e.data->>'member_id' AS member, count(b.*) AS candidates
        FROM events e JOIN ballot_box_{poll_id.hex} b
            ON b.xmin::text::bigint = e.transaction_id::text::bigint % 4294967296
        WHERE e.event_type = 'SecretBallotCast' AND e.data->>'poll_id' = $1
        GROUP BY e.data->>'member_id'
        """,
        str(poll_id),
    )
    assert len(pairs) == 24
    assert min(row["candidates"] for row in pairs) >= ANONYMITY_SET


async def test_a_close_faked_in_the_database_makes_no_batch_commit_early(
    client: httpx.AsyncClient,
    app: FastAPI,
    superuser: asyncpg.Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A gathering batch commits what it holds when a close comes, fewer than k if need be.
    A superuser who could fake a close would shrink batches at will: they wait for the poll's
    lock as a close does, and write a mark of their own (and one signed for another poll)
    where a close announces itself. The batch holds on; the real close commits it."""
    earlier = await secret_vote(client, app)
    box = app.state.platform.part(BallotBox)
    async with app.state.platform.sessions() as db, db.begin():
        await box.announce_close(db, earlier.poll_id, closing=True)
    signed_for_another = await superuser.fetchval(f"SELECT closing FROM {earlier.key}")
    await client.post(f"/v1/polls/{earlier.poll_id}/closing", headers=secretariat(app))

    poll_id = await open_poll(client, app, earlier.session_id, earlier.item_id, "secret")
    voters = list(earlier.choices)[:5]
    sent = cast_all(client, app, poll_id, dict.fromkeys(voters, "for"))
    intake = app.state.platform.part(BallotIntake)
    looked: list[bool] = []
    announced = box.close_announced

    async def counted(*args: object) -> bool:
        looked.append(await announced(*args))  # type: ignore[arg-type]
        return looked[-1]

    monkeypatch.setattr(box, "close_announced", counted)
    for _ in range(500):  # the batch gathers them, holding the poll's lock in shared mode
        if intake.waiting(poll_id) == 5 and looked:
            break
        await asyncio.sleep(0.01)
    stream = f"poll-{poll_id}"
    waiter = asyncio.ensure_future(
        superuser.execute("SELECT pg_advisory_lock(hashtextextended($1, 0))", stream)
    )
    for fake in (secrets.token_bytes(40), signed_for_another):
        async with app.state.platform.sessions() as db, db.begin():
            await db.execute(
                text(f"UPDATE ballot_key_{poll_id.hex} SET closing = :mark"), {"mark": fake}
            )
        seen = len(looked)
        for _ in range(500):  # the batch has looked for a close (again) since the fake
            if len(looked) >= seen + 2:
                break
            await asyncio.sleep(0.01)
        assert looked[-2:] == [False, False]
        assert intake.waiting(poll_id) == 5 and not any(s.done() for s in sent)
    waiter.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await waiter
    await superuser.execute("SELECT pg_advisory_unlock_all()")

    closed = await client.post(f"/v1/polls/{poll_id}/closing", headers=secretariat(app))
    assert closed.status_code == 200, closed.text
    assert [a.status_code for a in await asyncio.gather(*sent)] == [201] * 5
    assert await batches(app, poll_id) == [5]  # fewer than k voted: one batch, at the close


async def wal_records_of(superuser: asyncpg.Connection, since: str, filenode: int) -> list[str]:
    """The heap records in the WAL since ``since`` that touch the relation file ``filenode``."""
    rows = await superuser.fetch(
        "SELECT resource_manager, record_type, block_ref"
        " FROM pg_get_wal_records_info($1::text::pg_lsn, pg_current_wal_flush_lsn())"
        " WHERE block_ref ~ ('rel [0-9]+/[0-9]+/' || $2::text || '( |$)')"
        " AND resource_manager LIKE 'Heap%'",
        since,
        str(filenode),
    )
    return [f"{r['resource_manager']} {r['record_type']}" for r in rows]


@pytest.mark.parametrize("unlogged", [True, False], ids=["unlogged (default)", "logged"])
async def test_nothing_of_the_box_is_left_after_the_close(
    client: httpx.AsyncClient,
    app: FastAPI,
    sessions_db: str,
    superuser: asyncpg.Connection,
    unlogged: bool,
) -> None:
    """After the close the review read, from the dead tuples of the box (pageinspect) and from
    the WAL (pg_walinspect), every box row with its voter's transaction id. Now the poll's box
    and key are tables of their own, dropped by the close: there is no relation left to read
    and its file is gone (emptied at once, unlinked at the next checkpoint); and, unlogged, no
    WAL record ever held a row of them. The logged variant is the control: its WAL holds the
    box's rows, which is what the scan finds when they are there."""
    await superuser.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    await superuser.execute("CREATE EXTENSION IF NOT EXISTS pg_walinspect")
    settings = settings_for_test(SessionsSettings, sessions_db, ballot_box_unlogged=unlogged)
    service = create_app(settings)
    async with running_app(service), asgi_client(service, "sessions") as api:
        session_id, item_id, members = await sitting_with(api, service, 20, 20)
        since = await superuser.fetchval("SELECT pg_current_wal_lsn()::text")
        poll_id = await open_poll(api, service, session_id, item_id, "secret")
        box, key = f"ballot_box_{poll_id.hex}", f"ballot_key_{poll_id.hex}"
        persistence = await superuser.fetchval(
            "SELECT relpersistence::text FROM pg_class WHERE relname = $1", box
        )
        assert persistence == ("u" if unlogged else "p")
        files = {
            name: (
                await superuser.fetchval("SELECT pg_relation_filenode($1::regclass)", name),
                await superuser.fetchval("SELECT pg_relation_filepath($1::regclass)", name),
            )
            for name in (box, key)
        }
        choices = dict(zip(members, CHOICES, strict=True))
        answers = await asyncio.gather(*cast_all(api, service, poll_id, choices))
        receipts = [a.json()["receipt"] for a in answers]
        while_open = await superuser.fetchval(
            "SELECT count(*) FROM heap_page_items(get_raw_page($1, 0))", box
        )
        assert while_open == 20  # the box, readable while open, as the review read it
        closed = await api.post(f"/v1/polls/{poll_id}/closing", headers=secretariat(service))
        assert closed.status_code == 200, closed.text

        for name, (filenode, path) in files.items():
            assert await superuser.fetchval("SELECT to_regclass($1)", name) is None
            with pytest.raises(asyncpg.UndefinedTableError):
                await superuser.fetch("SELECT * FROM heap_page_items(get_raw_page($1, 0))", name)
            size = await superuser.fetchval("SELECT (pg_stat_file($1, true)).size", path)
            assert size in (None, 0), (name, size)
            records = await wal_records_of(superuser, since, filenode)
            if unlogged:
                assert records == [], (name, records)
            elif name == box:
                assert any("INSERT" in r for r in records)  # the control
        # The roll's own WAL records are there: the scan reads the WAL it should.
        events = await superuser.fetchval("SELECT pg_relation_filenode('events'::regclass)")
        assert await wal_records_of(superuser, since, events)
        assert len(set(receipts)) == 20


# -- receipts in the logs --------------------------------------------------------------------------


async def test_no_log_line_of_a_secret_poll_holds_a_receipt(
    sessions_db: str, capfd: pytest.CaptureFixture[str]
) -> None:
    """The review tied receipts to members through the access log: a voter's lookup wrote the
    receipt into the logged path, next to a line naming the member (their ballot, or their
    voting-record page just before). Each voter here does both, while open and after the
    close, and one still uses the old URL: no log line holds a receipt."""
    service = create_app(settings_for_test(SessionsSettings, sessions_db))  # logs to capfd
    async with running_app(service), asgi_client(service, "sessions") as client:
        receipts, members, poll_id = await look_up_receipts(client, service)
    # The service's log: every line but the test client's own (httpx logs the URLs it calls).
    lines = [
        (f"log line {n}", line)
        for n, line in enumerate(capfd.readouterr().err.splitlines(), 1)
        if not line.startswith("{") or json.loads(line).get("logger") != "httpx"
    ]
    access = [json.loads(line) for _, line in lines if '"kelisim.access"' in line]
    assert sum(a["path"].endswith("/ballots/lookup") for a in access) == 24  # all were logged
    assert "/v1/polls/{poll_id}/ballots/{receipt}" in {a["path"] for a in access}  # a template
    assert not [line for _, line in lines if any(r in line for r in receipts)]
    secret = Secret(poll_id, frozenset(members), frozenset(receipts))
    assert links_in(lines, secret) == []
    assert len(links_in([("control", f"{members[0]} {receipts[0]}")], secret)) == 1


async def look_up_receipts(
    client: httpx.AsyncClient, app: FastAPI
) -> tuple[list[str], list[uuid.UUID], uuid.UUID]:
    session_id, item_id, members = await sitting_with(client, app, 12, 12)
    poll_id = await open_poll(client, app, session_id, item_id, "secret")
    choices = dict(zip(members, ["for"] * 6 + ["against"] * 4 + ["abstain"] * 2, strict=True))

    async def eager(member_id: uuid.UUID, choice: str) -> str:
        """A voter's client: their voting record, the ballot, the receipt checked at once."""
        await client.get(f"/v1/members/{member_id}/votes", headers=member(app, member_id))
        answer = await vote(client, app, poll_id, member_id, choice)
        receipt: str = answer.json()["receipt"]
        assert (await lookup(client, poll_id, receipt)).status_code == 404  # until the close
        return receipt

    receipts = await asyncio.gather(*(eager(m, c) for m, c in choices.items()))
    await client.post(f"/v1/polls/{poll_id}/closing", headers=secretariat(app))
    for member_id, receipt in zip(choices, receipts, strict=True):  # the portal, after the close
        await client.get(f"/v1/members/{member_id}/votes", headers=member(app, member_id))
        assert (await lookup(client, poll_id, receipt)).json()["choice"] == choices[member_id]
    assert (await client.get(f"/v1/polls/{poll_id}/ballots/{receipts[0]}")).status_code == 410
    return list(receipts), members, poll_id
