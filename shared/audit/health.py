"""How far a service's audit log covers its event store: the status, its metrics, its verdict.

``AuditLog.status`` reads the status from the database (so it tells the truth even when no tree
builder runs in this process); the tree builder publishes it as Prometheus gauges every few
seconds, and ``GET /health/audit`` (``shared.audit.api``) reads it afresh and answers 503 when
``problems`` finds any:

- **stalled**: the oldest event not yet under a signed tree head (without a leaf, or with a leaf
  no signed head covers) has waited longer than ``audit_stall_seconds``;
- **quarantined**: the log holds more quarantined leaves (``shared.audit.canonical``, format 2)
  than the operators have acknowledged (``audit_quarantine_acknowledged``), since each one is
  an event that should never have been stored and needs a look.

Metrics (label ``service``): ``kelisim_audit_tree_size``, ``kelisim_audit_signed_tree_size``,
``kelisim_audit_events_without_leaf``, ``kelisim_audit_waiting_seconds``,
``kelisim_audit_head_age_seconds``, ``kelisim_audit_quarantined_leaves`` and the counter
``kelisim_audit_builder_failures_total``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from prometheus_client import Counter, Gauge

AUDIT_TREE_SIZE = Gauge(
    "kelisim_audit_tree_size", "Leaves in the service's audit log.", ["service"]
)
AUDIT_SIGNED_TREE_SIZE = Gauge(
    "kelisim_audit_signed_tree_size",
    "Leaves under the service's latest signed tree head.",
    ["service"],
)
AUDIT_EVENTS_WITHOUT_LEAF = Gauge(
    "kelisim_audit_events_without_leaf",
    "Committed events the audit log has no leaf for yet.",
    ["service"],
)
AUDIT_WAITING_SECONDS = Gauge(
    "kelisim_audit_waiting_seconds",
    "How long the oldest event not under a signed tree head has waited (0: none waits).",
    ["service"],
)
AUDIT_HEAD_AGE_SECONDS = Gauge(
    "kelisim_audit_head_age_seconds",
    "Age of the latest signed tree head (-1: none issued yet).",
    ["service"],
)
AUDIT_QUARANTINED_LEAVES = Gauge(
    "kelisim_audit_quarantined_leaves",
    "Quarantined leaves: events RFC 8785 cannot express, committed as their stored text.",
    ["service"],
)
AUDIT_BUILDER_FAILURES = Counter(
    "kelisim_audit_builder_failures_total",
    "Failed steps of the audit tree builder.",
    ["service"],
)


@dataclass(frozen=True)
class QuarantinedLeaf:
    leaf_index: int
    event_id: str
    global_position: int
    event_type: str | None
    """None when the event is no longer in the store."""


@dataclass(frozen=True)
class AuditStatus:
    """The audit log against the event store, as the database says now."""

    log: str
    tree_size: int
    signed_tree_size: int
    """The latest signed head's size (0: none issued)."""
    head_age_seconds: float | None
    events_without_leaf: int
    events_without_leaf_counted_to: int
    """The count stops here (it is then "at least")."""
    waiting_seconds: float
    """How long the oldest event not under a signed head has waited (0: none)."""
    last_global_position: int | None
    quarantined: int
    quarantined_leaves: list[QuarantinedLeaf] = field(default_factory=list)
    """The first few quarantined leaves."""

    @property
    def events(self) -> int:
        """Events in the store as the log counts them: its leaves and those still waiting."""
        return self.tree_size + self.events_without_leaf

    def to_json(self) -> dict[str, Any]:
        return {
            "log": self.log,
            "events": self.events,
            "last_global_position": self.last_global_position,
            "tree_size": self.tree_size,
            "signed_tree_size": self.signed_tree_size,
            "head_age_seconds": (
                round(self.head_age_seconds, 3) if self.head_age_seconds is not None else None
            ),
            "events_without_leaf": self.events_without_leaf,
            "events_without_leaf_at_least": (
                self.events_without_leaf >= self.events_without_leaf_counted_to
            ),
            "leaves_without_signed_head": max(self.tree_size - self.signed_tree_size, 0),
            "waiting_seconds": round(self.waiting_seconds, 3),
            "quarantined": self.quarantined,
            "quarantined_leaves": [
                {
                    "leaf_index": q.leaf_index,
                    "event_id": q.event_id,
                    "global_position": q.global_position,
                    "event_type": q.event_type,
                }
                for q in self.quarantined_leaves
            ],
        }


def publish(status: AuditStatus) -> None:
    """Set the audit gauges of ``status.log`` from ``status``."""
    service = status.log
    AUDIT_TREE_SIZE.labels(service=service).set(status.tree_size)
    AUDIT_SIGNED_TREE_SIZE.labels(service=service).set(status.signed_tree_size)
    AUDIT_EVENTS_WITHOUT_LEAF.labels(service=service).set(status.events_without_leaf)
    AUDIT_WAITING_SECONDS.labels(service=service).set(status.waiting_seconds)
    AUDIT_HEAD_AGE_SECONDS.labels(service=service).set(
        status.head_age_seconds if status.head_age_seconds is not None else -1
    )
    AUDIT_QUARANTINED_LEAVES.labels(service=service).set(status.quarantined)


def problems(status: AuditStatus, *, stall_seconds: float, acknowledged: int) -> list[str]:
    """What is wrong with the log: ``stalled`` and/or ``quarantined`` (empty: healthy)."""
    found = []
    if status.waiting_seconds > stall_seconds:
        found.append("stalled")
    if status.quarantined > acknowledged:
        found.append("quarantined")
    return found
