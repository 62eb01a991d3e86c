from __future__ import annotations

import httpx
from fastapi import FastAPI
from prometheus_client import REGISTRY

from shared.api.metrics import install_metrics
from shared.api.problems import install_problem_handlers


def _app(service: str) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    install_metrics(app, service)

    @app.get("/members/{member_id}")
    async def member(member_id: str) -> dict[str, str]:
        return {"id": member_id}

    return app


def _count(service: str, route: str, status: str) -> float:
    labels = {"service": service, "method": "GET", "route": route, "status": status}
    return REGISTRY.get_sample_value("kelisim_http_requests_total", labels) or 0.0


async def test_requests_are_counted_by_route_template() -> None:
    _app("other")  # a second app in the same process registers nothing twice
    app = _app("metrics-test")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        before = _count("metrics-test", "/members/{member_id}", "200")
        await client.get("/members/1")
        await client.get("/members/2")
        await client.get("/nowhere/880101300123")
        response = await client.get("/metrics")

    assert _count("metrics-test", "/members/{member_id}", "200") == before + 2
    assert _count("metrics-test", "<unmatched>", "404") >= 1
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert 'route="/members/{member_id}"' in response.text
    assert "880101300123" not in response.text
    assert "# TYPE kelisim_events_appended_total counter" in response.text


async def test_metrics_on_their_own_port_leave_the_api_port() -> None:
    import asyncio
    import socket

    from shared.metrics import serve_metrics

    app = FastAPI()
    install_metrics(app, "metrics-port-test", route=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        assert (await client.get("/metrics")).status_code == 404

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = serve_metrics("127.0.0.1", port)
    try:
        async with httpx.AsyncClient() as client:
            response = await client.get(f"http://127.0.0.1:{port}/metrics")
        assert response.status_code == 200
        assert "kelisim_http_requests_total" in response.text
    finally:
        await asyncio.to_thread(server.shutdown)
        server.server_close()
