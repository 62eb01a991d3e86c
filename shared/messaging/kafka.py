"""aiokafka clients built from settings, and topic administration."""

from __future__ import annotations

from collections.abc import Iterable

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from shared.settings import PlatformSettings

log = structlog.get_logger(__name__)


def make_producer(
    platform: PlatformSettings, client_id: str, request_timeout_ms: int | None = None
) -> AIOKafkaProducer:
    """A producer from settings; ``request_timeout_ms`` shortens the settings' timeout."""
    acks: int | str = "all" if platform.kafka_acks == "all" else int(platform.kafka_acks)
    return AIOKafkaProducer(
        **platform.kafka_client_options(),
        client_id=client_id,
        acks=acks,
        enable_idempotence=platform.kafka_enable_idempotence,
        request_timeout_ms=request_timeout_ms or platform.kafka_request_timeout_ms,
        linger_ms=platform.kafka_linger_ms,
    )


async def ensure_topics(platform: PlatformSettings, topics: Iterable[str]) -> None:
    """Create the topics that do not exist yet (partitions and replication from settings)."""
    admin = AIOKafkaAdminClient(**platform.kafka_client_options(), client_id="kelisim-admin")
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in topics if t not in existing]
        if not missing:
            return
        try:
            await admin.create_topics(
                [
                    NewTopic(
                        name=t,
                        num_partitions=platform.kafka_topic_partitions,
                        replication_factor=platform.kafka_replication_factor,
                    )
                    for t in missing
                ]
            )
            log.info("kafka topics created", topics=missing)
        except TopicAlreadyExistsError:
            pass
    finally:
        await admin.close()


class TopicProbe:
    """A metadata-only client: how many messages a topic holds (the sum of its end offsets)."""

    def __init__(self, platform: PlatformSettings, client_id: str) -> None:
        self._consumer = AIOKafkaConsumer(**platform.kafka_client_options(), client_id=client_id)

    async def start(self) -> None:
        await self._consumer.start()

    async def stop(self) -> None:
        await self._consumer.stop()

    async def message_count(self, topic: str) -> int | None:
        """Messages the topic ever held; None when the broker does not know the topic."""
        await self._consumer._client.force_metadata_update()
        partitions = self._consumer.partitions_for_topic(topic)
        if not partitions:
            return None
        ends = await self._consumer.end_offsets([TopicPartition(topic, p) for p in partitions])
        return int(sum(ends.values()))
