"""The API's documentation pages, served with their assets by the service itself.

``/docs`` (Swagger UI, with the Authorize button of the document's security schemes) and
``/redoc`` (ReDoc) load their scripts and styles from ``/static/docs/`` (the npm packages'
distribution files, with their licences, in ``shared/api/static``: see its README), never from
a public CDN: a closed network renders them as well as an open one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC_DIR: Final = Path(__file__).parent / "static"
STATIC_PATH: Final = "/static/docs"
DOCS_PATH: Final = "/docs"
REDOC_PATH: Final = "/redoc"
OAUTH2_REDIRECT_PATH: Final = "/docs/oauth2-redirect"

# The pages load nothing from another host, even where a bundle would (ReDoc's logo): the
# browser refuses it before any request leaves the machine.
CONTENT_SECURITY_POLICY: Final = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; "
    "connect-src 'self'; frame-ancestors 'self'"
)

SWAGGER_UI_PARAMETERS: Final = {
    "persistAuthorization": True,  # a token entered once survives a reload of the page
    "displayOperationId": True,
    "tryItOutEnabled": False,
}


def _prefix(request: Request) -> str:
    """The path the service is served under (``root_path`` behind a proxy), without a slash."""
    root = request.scope.get("root_path", "")
    return root.rstrip("/") if isinstance(root, str) else ""


def _confined(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return page


def install_docs(app: FastAPI) -> None:
    """Serve ``/docs``, ``/redoc`` and their assets; the app is created with
    ``docs_url=None, redoc_url=None`` so that FastAPI's CDN pages are not served."""
    app.mount(STATIC_PATH, StaticFiles(directory=STATIC_DIR), name="docs-static")
    router = APIRouter(include_in_schema=False)

    @router.get(DOCS_PATH)
    async def swagger_ui(request: Request) -> HTMLResponse:
        prefix = _prefix(request)
        return _confined(
            get_swagger_ui_html(
                openapi_url=f"{prefix}{app.openapi_url}",
                title=f"{app.title}: Swagger UI",
                swagger_js_url=f"{prefix}{STATIC_PATH}/swagger-ui/swagger-ui-bundle.js",
                swagger_css_url=f"{prefix}{STATIC_PATH}/swagger-ui/swagger-ui.css",
                swagger_favicon_url=f"{prefix}{STATIC_PATH}/swagger-ui/favicon-32x32.png",
                oauth2_redirect_url=f"{prefix}{OAUTH2_REDIRECT_PATH}",
                swagger_ui_parameters=SWAGGER_UI_PARAMETERS,
            )
        )

    @router.get(OAUTH2_REDIRECT_PATH)
    async def swagger_ui_redirect() -> HTMLResponse:
        return _confined(get_swagger_ui_oauth2_redirect_html())

    @router.get(REDOC_PATH)
    async def redoc(request: Request) -> HTMLResponse:
        prefix = _prefix(request)
        return _confined(
            get_redoc_html(
                openapi_url=f"{prefix}{app.openapi_url}",
                title=f"{app.title}: ReDoc",
                redoc_js_url=f"{prefix}{STATIC_PATH}/redoc/redoc.standalone.js",
                redoc_favicon_url=f"{prefix}{STATIC_PATH}/swagger-ui/favicon-32x32.png",
                with_google_fonts=False,
            )
        )

    app.include_router(router)
