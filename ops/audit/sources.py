"""Where an auditor's entries come from: a service's API, or its Kafka topic.

The Kafka topic is a copy the service's database owner cannot rewrite after the fact: each
message carries its leaf index and canonical leaf in headers (``audit-leaf-index``,
``audit-leaf``). Delivery is at-least-once, so the same index may arrive more than once; it must
carry the same leaf each time (two different leaves for one index are a failure by themselves).
A copy testifies to the leaf as it was when it was published (the record's timestamp); a copy
the relay published again after the broker lost the topic says so (``audit-republished-at``),
since it was rebuilt from the database (``kafka_reference``).

``api_audit_health`` reads what the service says of its own coverage (``/health/audit``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx

from ops.audit.verify import Reference, SourceEntry
from shared.audit.heads import SignedTreeHead
from shared.audit.merkle import leaf_hash
from shared.messaging.envelope import H_AUDIT_LEAF, H_AUDIT_LEAF_INDEX, H_AUDIT_REPUBLISHED_AT
from shared.settings import PlatformSettings

PAGE = 1000


class SourceError(RuntimeError):
    """The source could not be read (HTTP error, broker unreachable, conflicting copies)."""


async def _get(client: httpx.AsyncClient, path: str, **params: Any) -> dict[str, Any]:
    response = await client.get(path, params=params)
    if response.status_code != 200:
        raise SourceError(f"GET {path}: {response.status_code} {response.text[:300]}")
    body: dict[str, Any] = response.json()
    return body


async def api_audit_health(client: httpx.AsyncClient) -> dict[str, Any] | None:
    """The service's account of how far its log covers its store (None: not served)."""
    response = await client.get("/health/audit")
    if response.status_code not in (200, 503):
        return None
    try:
        body: dict[str, Any] = response.json()
    except ValueError:
        return None
    return body if "tree_size" in body else None


async def api_public_key(client: httpx.AsyncClient) -> str:
    return str((await _get(client, "/v1/audit/public-key"))["public_key"])


async def api_head(client: httpx.AsyncClient, fresh: bool = False) -> SignedTreeHead:
    params = {"fresh": "true"} if fresh else {}
    return SignedTreeHead.from_json(await _get(client, "/v1/audit/tree-head", **params))


async def api_consistency(client: httpx.AsyncClient, first: int, second: int) -> list[bytes]:
    body = await _get(client, "/v1/audit/proofs/consistency", first=first, second=second)
    return [bytes.fromhex(h) for h in body["consistency_path"]]


async def api_entries(
    client: httpx.AsyncClient, end: int, start: int = 0
) -> AsyncIterator[SourceEntry]:
    """Entries ``[start, end)`` page by page."""
    position = start
    while position < end:
        body = await _get(
            client, "/v1/audit/entries", start=position, end=min(position + PAGE, end)
        )
        page = body["entries"]
        if not page:
            return
        for value in page:
            yield SourceEntry.from_api(value)
        position += len(page)


@dataclass(frozen=True)
class Copy:
    """One message's copy of a leaf."""

    leaf: bytes
    published_ms: int
    """The record's timestamp."""
    republished_ms: int | None
    """``audit-republished-at``: the relay published it again after a broker loss."""


async def read_topic(
    platform: PlatformSettings, topic: str, *, idle_seconds: float = 3.0, max_seconds: float = 600
) -> dict[int, list[Copy]]:
    """Every copy of every leaf the topic carries, by index, in the order read; reads from the
    beginning to the current end."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(
        **platform.kafka_client_options(),
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        client_id="kelisim-audit",
    )
    copies: dict[int, list[Copy]] = {}
    await consumer.start()
    try:
        await consumer._client.force_metadata_update()
        partitions = consumer.partitions_for_topic(topic)
        if not partitions:
            raise SourceError(f"topic {topic} does not exist on the broker")
        assigned = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(assigned)
        await consumer.seek_to_beginning(*assigned)
        ends = await consumer.end_offsets(assigned)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max_seconds
        while loop.time() < deadline:
            positions = [await consumer.position(tp) for tp in assigned]
            if all(p >= ends[tp] for p, tp in zip(positions, assigned, strict=True)):
                break
            batch = await consumer.getmany(timeout_ms=int(idle_seconds * 1000), max_records=5000)
            if not batch:
                break
            for records in batch.values():
                for record in records:
                    headers = dict(record.headers or ())
                    if H_AUDIT_LEAF_INDEX not in headers or H_AUDIT_LEAF not in headers:
                        continue
                    republished = headers.get(H_AUDIT_REPUBLISHED_AT)
                    copies.setdefault(int(headers[H_AUDIT_LEAF_INDEX]), []).append(
                        Copy(
                            leaf=bytes(headers[H_AUDIT_LEAF]),
                            published_ms=int(record.timestamp),
                            republished_ms=int(republished) if republished else None,
                        )
                    )
    finally:
        await consumer.stop()
    return copies


async def kafka_leaves(
    platform: PlatformSettings, topic: str, *, idle_seconds: float = 3.0, max_seconds: float = 600
) -> dict[int, bytes]:
    """Every leaf the topic carries, by index (a source of entries: two different copies of one
    leaf are an error)."""
    copies = await read_topic(platform, topic, idle_seconds=idle_seconds, max_seconds=max_seconds)
    leaves: dict[int, bytes] = {}
    for index, found in copies.items():
        if any(c.leaf != found[0].leaf for c in found):
            raise SourceError(f"the topic carries two different leaves for {index}")
        leaves[index] = found[0].leaf
    return leaves


async def kafka_reference(
    platform: PlatformSettings, topic: str, *, idle_seconds: float = 3.0, max_seconds: float = 600
) -> Reference:
    """The topic as a reference: per leaf its earliest copy, when it was published and whether
    it was republished; two different copies of one leaf are kept as a conflict (evidence that
    the log changed between the two publications)."""
    copies = await read_topic(platform, topic, idle_seconds=idle_seconds, max_seconds=max_seconds)
    hashes: dict[int, bytes] = {}
    published: dict[int, int] = {}
    republished: dict[int, int] = {}
    conflicts: list[dict[str, Any]] = []
    for index in sorted(copies):
        found = sorted(copies[index], key=lambda c: c.published_ms)
        first = found[0]
        hashes[index] = leaf_hash(first.leaf)
        published[index] = first.published_ms
        if first.republished_ms is not None:
            republished[index] = first.republished_ms
        other = next((c for c in found if c.leaf != first.leaf), None)
        if other is not None:
            conflicts.append(
                {
                    "leaf_index": index,
                    "first_published_at_ms": first.published_ms,
                    "other_published_at_ms": other.published_ms,
                    "other_republished_at_ms": other.republished_ms,
                }
            )
    return Reference(
        "kafka",
        topic,
        hashes,
        published_ms=published,
        republished_ms=republished,
        conflicts=conflicts,
    )


def entries_from_leaves(leaves: dict[int, bytes]) -> list[SourceEntry]:
    """Leaves by index as a sequence of entries (a gap ends it: the verifier reports it)."""
    return [SourceEntry(index, leaves[index]) for index in sorted(leaves)]
