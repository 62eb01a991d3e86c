"""The audit endpoints every service mounts (``/v1/audit``, ``/health/audit``).

Public: the service's public key and its signed tree heads (anyone may pin them), and
``/health/audit``, what operators watch: how far the log covers the store (events without a
leaf, the wait for a signed head, quarantined leaves, this process's builder failures), 503
(problem+json, with the same members) when it is stalled or holds quarantined leaves
(``shared.audit.health``). For the auditor (and the Secretariat): a fresh head on request,
inclusion and consistency proofs, and the entries themselves (the leaves, beside the leaf
table's rows).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from shared.api.auth import get_actor, require_roles
from shared.api.deps import PlatformDep
from shared.api.problems import problem_response
from shared.audit import messages as _messages  # noqa: F401  (registers the texts)
from shared.audit.health import problems, publish
from shared.audit.log import AuditLog, TreeTooSmall
from shared.audit.merkle import leaf_hash
from shared.bounds import Index, Size
from shared.context import Actor
from shared.errors import InvalidInput, NotFound, ServiceUnavailable
from shared.service import Platform

AUDIT_ROLES = ("auditor", "secretariat", "chairman")
MAX_ENTRIES = 1000

Auditor = Annotated[Actor, Depends(require_roles(*AUDIT_ROLES))]


async def _audit(platform: Platform) -> AuditLog:
    audit = platform.audit
    if audit is None:
        raise ServiceUnavailable(reason="audit_not_enabled", service=platform.settings.service)
    async with platform.sessions() as db:
        if not await audit.has_tables(db):
            raise ServiceUnavailable(reason="audit_not_enabled", service=platform.settings.service)
    return audit


def audit_router() -> APIRouter:
    outer = APIRouter()
    router = APIRouter(prefix="/v1/audit", tags=["audit"])

    @outer.get("/health/audit", tags=["operations"], response_model=None)
    async def audit_health(
        request: Request, platform: PlatformDep
    ) -> dict[str, Any] | JSONResponse:
        """Whether the audit log covers the store: 200, or 503 (problem+json) when an event has
        waited longer than ``audit_stall_seconds`` for a signed head, or the log holds more
        quarantined leaves than ``audit_quarantine_acknowledged``."""
        audit = await _audit(platform)
        async with platform.sessions() as db:
            status = await audit.status(db)
        publish(status)
        settings = platform.settings
        found = problems(
            status,
            stall_seconds=settings.audit_stall_seconds,
            acknowledged=settings.audit_quarantine_acknowledged,
        )
        builder = platform.tree_builder
        body = {
            **status.to_json(),
            "stall_seconds": settings.audit_stall_seconds,
            "quarantine_acknowledged": settings.audit_quarantine_acknowledged,
            "builder": builder.to_json() if builder is not None else None,
            "problems": found,
        }
        if not found:
            return {"status": "ok", "service": settings.service, **body}
        params = {
            "reason": f"audit_{found[0]}",
            "service": settings.service,
            "waiting": round(status.waiting_seconds),
            "limit": round(settings.audit_stall_seconds),
            "quarantined": status.quarantined,
        }
        extra = {"reason_code": params["reason"], **body}
        return problem_response(request, 503, "service_unavailable", params, extra)

    @router.get("/public-key")
    async def public_key(platform: PlatformDep) -> dict[str, Any]:
        """The Ed25519 key that signs this service's tree heads: pin it."""
        audit = await _audit(platform)
        return {
            "log": platform.settings.service,
            "algorithm": "Ed25519",
            "public_key": audit.keys.public_key_base64(),
            "key_id": audit.keys.key_id,
        }

    @router.get("/tree-head", responses={404: {"description": "No tree head signed yet"}})
    async def tree_head(
        platform: PlatformDep,
        actor: Annotated[Actor, Depends(get_actor)],
        fresh: bool = False,
    ) -> dict[str, Any]:
        """The latest signed tree head; ``fresh=true`` (auditor) signs the tree as it is now,
        after the tree builder has caught up with every committed event."""
        audit = await _audit(platform)
        if fresh:
            await require_roles(*AUDIT_ROLES)(actor)
            await audit.catch_up(platform.sessions)
            async with platform.sessions() as db, db.begin():
                return (await audit.issue_head(db)).to_json()
        async with platform.sessions() as db:
            head = await audit.latest_head(db)
        if head is None:
            raise NotFound(reason="audit_no_tree_head", service=platform.settings.service)
        return head.to_json()

    @router.get("/tree-heads")
    async def tree_heads(
        platform: PlatformDep, limit: Annotated[int, Query(ge=1, le=10_000)] = 1000
    ) -> dict[str, Any]:
        """Every signed tree head issued, oldest first."""
        audit = await _audit(platform)
        async with platform.sessions() as db:
            heads = await audit.heads(db, limit)
        return {"log": platform.settings.service, "heads": [h.to_json() for h in heads]}

    @router.get("/proofs/inclusion", responses={404: {"description": "No such leaf"}})
    async def prove_inclusion(
        platform: PlatformDep,
        _: Auditor,
        tree_size: Size,
        event_id: uuid.UUID | None = None,
        leaf_index: Index | None = None,
    ) -> dict[str, Any]:
        """The audit path of an event (by id or leaf index) in the tree of ``tree_size``
        (RFC 9162 §2.1.3), with the event's canonical leaf."""
        audit = await _audit(platform)
        if (event_id is None) == (leaf_index is None):
            raise InvalidInput(reason="audit_event_or_leaf")
        async with platform.sessions() as db:
            if event_id is not None:
                leaf_index = await audit.leaf_index_of(db, event_id)
                if leaf_index is None:
                    raise NotFound(reason="audit_leaf_not_found", event=str(event_id))
            assert leaf_index is not None
            row = await audit.leaf_row(db, leaf_index)
            if row is None:
                raise NotFound(reason="audit_leaf_not_found", event=str(leaf_index))
            try:
                path = await audit.inclusion_proof(db, leaf_index, tree_size)
            except TreeTooSmall as exc:
                raise InvalidInput(reason="audit_range_invalid", detail=str(exc)) from exc
            leaves = await audit.canonical_at(db, [row.global_position])
        leaf = leaves.get(row.global_position)
        return {
            "leaf_index": leaf_index,
            "tree_size": tree_size,
            "event_id": str(row.event_id),
            "leaf": leaf.decode() if leaf is not None else None,
            "leaf_hash": row.leaf_hash.hex(),
            "recomputed_leaf_hash": leaf_hash(leaf).hex() if leaf is not None else None,
            "audit_path": [h.hex() for h in path],
        }

    @router.get("/proofs/consistency")
    async def prove_consistency(
        platform: PlatformDep,
        _: Auditor,
        first: Index,
        second: Index,
    ) -> dict[str, Any]:
        """The consistency proof between two tree sizes (RFC 9162 §2.1.4)."""
        audit = await _audit(platform)
        async with platform.sessions() as db:
            try:
                path = await audit.consistency_proof(db, first, second)
            except TreeTooSmall as exc:
                raise InvalidInput(reason="audit_range_invalid", detail=str(exc)) from exc
        return {"first": first, "second": second, "consistency_path": [h.hex() for h in path]}

    @router.get("/entries")
    async def list_entries(
        platform: PlatformDep,
        _: Auditor,
        start: Index = 0,
        end: Size | None = None,
    ) -> dict[str, Any]:
        """Leaves ``[start, end)`` (at most 1000): the canonical leaf of the event now in each
        slot of the commit order, beside the leaf table's row."""
        audit = await _audit(platform)
        stop = min(end if end is not None else start + MAX_ENTRIES, start + MAX_ENTRIES)
        if stop <= start:
            raise InvalidInput(reason="audit_range_invalid", detail=f"[{start}, {stop})")
        async with platform.sessions() as db:
            size = await audit.size(db)
            found = await audit.entries(db, start, min(stop, size))
        return {
            "log": platform.settings.service,
            "tree_size": size,
            "start": start,
            "entries": [e.to_json() for e in found],
        }

    outer.include_router(router)
    return outer
