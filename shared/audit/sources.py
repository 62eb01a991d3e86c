"""Where an auditor's entries come from: a service's API, or its Kafka topic.

The Kafka topic is a copy the service's database owner cannot rewrite after the fact: each
message carries its leaf index and canonical leaf in headers (``audit-leaf-index``,
``audit-leaf``). Delivery is at-least-once, so the same index may arrive more than once; it must
carry the same leaf each time (two different leaves for one index are a failure by themselves).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx

from shared.audit.heads import SignedTreeHead
from shared.audit.verify import SourceEntry
from shared.messaging.envelope import H_AUDIT_LEAF, H_AUDIT_LEAF_INDEX
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


async def kafka_leaves(
    platform: PlatformSettings, topic: str, *, idle_seconds: float = 3.0, max_seconds: float = 600
) -> dict[int, bytes]:
    """Every leaf the topic carries, by index; reads from the beginning to the current end."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(
        **platform.kafka_client_options(),
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        client_id="kelisim-audit",
    )
    leaves: dict[int, bytes] = {}
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
                    index = int(headers[H_AUDIT_LEAF_INDEX])
                    leaf = bytes(headers[H_AUDIT_LEAF])
                    if leaves.setdefault(index, leaf) != leaf:
                        raise SourceError(f"the topic carries two different leaves for {index}")
    finally:
        await consumer.stop()
    return leaves


def entries_from_leaves(leaves: dict[int, bytes]) -> list[SourceEntry]:
    """Leaves by index as a sequence of entries (a gap ends it: the verifier reports it)."""
    return [SourceEntry(index, leaves[index]) for index in sorted(leaves)]
