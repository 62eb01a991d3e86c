"""The app factory every service uses: operations endpoints, errors, auth, metrics, workers.

``create_service_app`` gives ``/health`` (liveness), ``/ready`` (the database is reachable),
``/metrics`` (Prometheus; on its own port when ``metrics_port`` is set),
``/v1/schemas/events`` (the JSON Schema of every event the service publishes), RFC 9457
problems localised by Accept-Language, the correlation id middleware, and a lifespan that runs
the outbox relay and the consumer beside the API.

Readiness is what the pod can serve: every request needs the database, none needs the broker
(events wait in the outbox while it is away). The broker's health is in the metrics
(``kelisim_relay_broker_connected``, ``kelisim_consumer_connected``) and its alerts.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any, Final, Literal

import structlog
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, SecretStr
from sqlalchemy import text
from starlette.middleware.cors import CORSMiddleware

from shared.api.auth import (
    AuthSettings,
    ClaimMapping,
    IssuerKeys,
    OidcSettings,
    VerifiedTokens,
)
from shared.api.correlation import CorrelationIdMiddleware
from shared.api.deps import PlatformDep
from shared.api.docs import install_docs
from shared.api.etag import ETagMiddleware
from shared.api.limits import RequestLimitsMiddleware, request_limits
from shared.api.metrics import install_metrics
from shared.api.openapi import install_openapi
from shared.api.paging import NextLinkMiddleware
from shared.api.problems import install_problem_handlers, problem_response
from shared.audit.api import audit_router
from shared.i18n import Language, register_messages
from shared.logging import configure_logging
from shared.messaging.asyncapi import asyncapi_document
from shared.metrics import serve_metrics
from shared.rulebooks.publications import RulebooksMiddleware
from shared.runtime.secrets import development_secret
from shared.service import Platform
from shared.settings import PlatformSettings

log = structlog.get_logger(__name__)


def auth_settings(platform: PlatformSettings) -> AuthSettings:
    """How the services trust tokens: the OpenID Connect issuer's keys when one is set, and,
    outside production only, the shared development secret."""
    secret: SecretStr | None = None
    if platform.environment != "production":
        secret = platform.jwt_secret or SecretStr(development_secret(platform.home))
    oidc = None
    if platform.oidc_issuer.strip():
        oidc = OidcSettings(
            issuer=platform.oidc_issuer.strip(),
            discovery=platform.oidc_discovery_url.strip(),
            audience=platform.oidc_audience,
            algorithms=tuple(platform.oidc_algorithms),
            claims=ClaimMapping(
                subject=platform.oidc_subject_claim,
                roles=platform.oidc_roles_claim,
                region=platform.oidc_region_claim,
                state_body=platform.oidc_state_body_claim,
                role_map=platform.oidc_role_map,
            ),
            jwks_cache_seconds=platform.oidc_jwks_cache_seconds,
            jwks_min_refresh_seconds=platform.oidc_jwks_min_refresh_seconds,
            http_timeout_seconds=platform.oidc_http_timeout_seconds,
        )
    return AuthSettings(
        secret=secret,
        algorithm=platform.jwt_algorithm,
        issuer=platform.jwt_issuer,
        audience=platform.jwt_audience,
        access_token_ttl_seconds=platform.jwt_ttl_seconds,
        max_token_lifetime_seconds=platform.jwt_max_ttl_seconds,
        oidc=oidc,
    )


CORS_ALLOWED_HEADERS: Final = (
    "Authorization",
    "Content-Type",
    "Idempotency-Key",
    "If-Match",
    "Accept-Language",
    "X-Correlation-ID",
)
CORS_EXPOSED_HEADERS: Final = (
    "ETag",
    "Location",
    "Idempotent-Replayed",
    "X-Correlation-ID",
    "Retry-After",
    "WWW-Authenticate",
)


def install_cors(app: FastAPI, origins: Sequence[str]) -> None:
    """Browsers on ``origins`` may call the API (Starlette's CORS middleware, outermost, so
    that a preflight is answered before anything else and a refusal still carries the CORS
    headers the page needs to read it). Origins are listed, never ``*``: the bearer token is
    a credential. Without origins nothing is added and browsers keep the same-origin rule."""
    if not origins:
        return
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(origins),
        allow_credentials=True,
        allow_methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=list(CORS_ALLOWED_HEADERS),
        expose_headers=list(CORS_EXPOSED_HEADERS),
        max_age=600,
    )


def openid_discovery_url(platform: PlatformSettings) -> str | None:
    """The OIDC discovery URL of the issuer the services trust (``KELISIM_OIDC_ISSUER``), for
    the ``openIdConnect`` scheme of the OpenAPI documents: the issuer's public address, which a
    browser reaches, not ``KELISIM_OIDC_DISCOVERY_URL`` (the services' own way to it)."""
    if not platform.oidc_issuer:
        return None
    return platform.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration"


async def _database_ok(platform: Platform) -> bool:
    try:
        async with asyncio.timeout(2):
            async with platform.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        return True
    except Exception as exc:
        log.warning("database not reachable", error=str(exc))
        return False


class Readiness(BaseModel):
    """The service can serve: its database answers."""

    status: Literal["ready"]
    service: str = Field(description="The service's name.")
    checks: dict[str, bool] = Field(description="Each dependency checked, and whether it answered.")


def _operations_router() -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/health")
    async def get_health(platform: PlatformDep) -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok", "service": platform.settings.service}

    @router.get("/ready", response_model=None, responses={200: {"model": Readiness}})
    async def get_readiness(
        request: Request, platform: PlatformDep
    ) -> dict[str, Any] | JSONResponse:
        """Readiness: the service's database is reachable (the broker is not needed to
        serve: see the module's docstring)."""
        checks = {"database": await _database_ok(platform)}
        if all(checks.values()):
            return {"status": "ready", "service": platform.settings.service, "checks": checks}
        return problem_response(request, 503, "service_unavailable", extra={"checks": checks})

    @router.get("/v1/schemas/events")
    async def list_event_schemas(platform: PlatformDep) -> dict[str, Any]:
        """The JSON Schema of every event this service stores and publishes."""
        return dict(platform.registry.json_schemas(platform.settings.service, all_versions=True))

    @router.get("/v1/asyncapi.json")
    async def get_asyncapi_document(platform: PlatformDep) -> dict[str, Any]:
        """The AsyncAPI 3.0 document of the events this service publishes on Kafka (envelope,
        headers, payload schemas of every version, who reads them) and of those it reads."""
        settings = platform.settings
        return asyncapi_document(
            settings.service,
            platform.registry,
            bootstrap_servers=settings.platform.kafka_bootstrap_servers,
        )

    return router


RUN_BACKGROUND = "run_background"
"""``app.state`` flag of a service's worker process (``shared.api.worker``): run the relay,
the consumer and the tree builder, whatever the settings say about ``background_in_worker``.
The service's own workers (following published rulebooks into the process, closing polls at
their deadline) run in every process, API or worker, as they did in each API process."""


def create_service_app(
    platform: Platform,
    routers: Sequence[APIRouter],
    *,
    title: str,
    description: str = "",
    workers: Mapping[str, Callable[[], Coroutine[Any, Any, None]]] | None = None,
    messages: Sequence[Mapping[str, Mapping[Language, str]]] = (),
) -> FastAPI:
    """A service's app: its routers beside the operations routes, its messages (reason codes
    and titles in every language) registered, and its background workers (the relay, the
    consumer, the tree builder, and the service's own ``workers`` by name) started and stopped
    with the app."""
    settings = platform.settings
    for catalogue in messages:
        register_messages(catalogue)
    configure_logging(settings.service, settings.platform.log_level, settings.platform.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The background work runs here unless the service runs it in a worker process of
        # its own (``background_in_worker``): that process sets ``run_background``.
        worker = getattr(app.state, RUN_BACKGROUND, None)
        background = not settings.background_in_worker if worker is None else worker
        tasks: list[asyncio.Task[None]] = []
        if background and settings.run_relay and platform.relay is not None:
            tasks.append(asyncio.create_task(platform.relay.run(), name="outbox-relay"))
        if background and settings.run_consumer and platform.consumer is not None:
            tasks.append(asyncio.create_task(platform.consumer.run(), name="consumer"))
        if background and settings.run_tree_builder and platform.tree_builder is not None:
            tasks.append(asyncio.create_task(platform.tree_builder.run(), name="tree-builder"))
        for name, work in (workers or {}).items():  # the service's own: in every process
            tasks.append(asyncio.create_task(work(), name=name))
        log.info("service started", service=settings.service, workers=[t.get_name() for t in tasks])
        metrics_server = None
        if settings.metrics_port is not None and not worker:
            metrics_server = serve_metrics(settings.metrics_host, settings.metrics_port)
        try:
            yield
        finally:
            if metrics_server is not None:
                metrics_server.shutdown()
                metrics_server.server_close()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await platform.dispose()
            log.info("service stopped", service=settings.service)

    app = FastAPI(
        title=title,
        description=description,
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,  # served by install_docs, with the assets of the service itself
        redoc_url=None,
    )
    app.state.platform = platform
    app.state.auth_settings = auth = auth_settings(settings.platform)
    app.state.verified_tokens = VerifiedTokens()
    app.state.issuer_keys = IssuerKeys(auth.oidc) if auth.oidc is not None else None
    app.state.default_language = settings.platform.default_language
    install_problem_handlers(app)
    install_openapi(app, openid_connect_url=openid_discovery_url(settings.platform))
    install_docs(app)
    app.add_middleware(ETagMiddleware)
    app.add_middleware(NextLinkMiddleware)
    app.add_middleware(RequestLimitsMiddleware, limits=request_limits(settings))
    install_metrics(app, settings.service, route=settings.metrics_port is None)
    app.add_middleware(CorrelationIdMiddleware)
    app.add_middleware(RulebooksMiddleware, source=platform.rulebooks)
    install_cors(app, settings.platform.cors_origins())
    app.include_router(_operations_router())
    app.include_router(audit_router())
    for router in routers:
        app.include_router(router)
    return app
