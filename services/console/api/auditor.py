"""The auditor's page: each service's signed tree head and public key, and any entry's
inclusion proof, checked in the browser (``static/auditor.js``: the leaf hash, the Merkle path
of RFC 9162 §2.1.3.2 and the head's Ed25519 signature, with WebCrypto). The console only
fetches: what the page shows as verified, the browser computed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from services.console.settings import UPSTREAMS
from services.console.web import api, read, render
from shared.bounds import Index
from shared.errors import NotFound, ServiceUnavailable, Unauthenticated

router = APIRouter(include_in_schema=False)


async def _log_state(request: Request, service: str) -> dict[str, Any]:
    try:
        key = await api(request, service, "/v1/audit/public-key")
        head = await api(request, service, "/v1/audit/tree-head")
    except ServiceUnavailable:
        return {"service": service, "key": None, "head": None, "unreachable": True}
    signed = head.json() if head.status_code == 200 else None
    if signed is not None:
        signed["signed_at"] = datetime.fromtimestamp(signed["timestamp"] / 1000, tz=UTC)
    return {
        "service": service,
        "key": key.json() if key.status_code == 200 else None,
        "head": signed,
    }


@router.get("/audit", response_class=HTMLResponse)
async def audit_page(request: Request) -> HTMLResponse:
    logs = [await _log_state(request, service) for service in UPSTREAMS]
    return render(request, "audit.html", logs=logs, services=UPSTREAMS)


@router.get("/audit/proof")
async def proof(
    request: Request,
    service: Annotated[str, Query(pattern=r"^[a-z]{1,20}$")],
    leaf_index: Index,
) -> JSONResponse:
    """The latest signed head, the pinned key and the entry's inclusion proof in that head's
    tree, fetched with the signed-in auditor's own token."""
    if service not in UPSTREAMS:
        raise NotFound(reason="console_unknown_service", service=service)
    if not request.session.get("token"):
        raise Unauthenticated(reason="console_sign_in_required")
    key = await read(request, service, "/v1/audit/public-key")
    head = await read(request, service, "/v1/audit/tree-head")
    included = await read(
        request,
        service,
        "/v1/audit/proofs/inclusion",
        params={"tree_size": head["tree_size"], "leaf_index": leaf_index},
        authorized=True,
    )
    return JSONResponse({"service": service, "key": key, "head": head, "proof": included})
