"""Pytest plugin: a real Chromium (Debian's ``chromium`` package) driven by Playwright.

Load it with ``pytest_plugins = ["ops.testing.browser"]`` (the root conftest does).

Playwright's own browser downloads cannot be used on a closed network, so the tests drive the
system's Chromium through ``executable_path``. Where it is missing, the session installs it the
way the machine's administrator would (``apt-get install chromium``, as root on Debian or
Ubuntu); ``KELISIM_TEST_CHROMIUM`` names another binary. A machine where neither works fails the
browser tests with the reason rather than skipping them: they are part of the suite.

Fixtures:

- ``chromium_executable``: the path of the Chromium binary.
- ``browser``: one headless Chromium for the test session (async Playwright).
- ``page``: a fresh browser context and page per test, closed afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

__all__ = ["CHROMIUM_ENV", "browser", "chromium_executable", "find_chromium", "page"]

CHROMIUM_ENV = "KELISIM_TEST_CHROMIUM"
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
_APT_TIMEOUT_SECONDS = 900


def find_chromium() -> str | None:
    """The Chromium binary named by the environment or found on PATH, if any."""
    named = os.environ.get(CHROMIUM_ENV, "").strip()
    if named:
        return named if Path(named).exists() else None
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _install_with_apt() -> str:
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        return "no Chromium found and it cannot be installed here (apt-get as root is needed)"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in ([apt, "update", "-qq"], [apt, "install", "-y", "-qq", "chromium"]):
        result = subprocess.run(  # noqa: S603 - fixed arguments
            command,
            env=env,
            capture_output=True,
            text=True,
            timeout=_APT_TIMEOUT_SECONDS,
            check=False,
        )
        if result.returncode != 0:
            tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
            return f"{' '.join(command)} failed: {' / '.join(tail)}"
    return ""


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    found = find_chromium()
    if found is None:
        problem = _install_with_apt()
        found = find_chromium()
        if found is None:
            pytest.fail(
                f"browser tests need Chromium: {problem or 'apt-get installed nothing usable'}; "
                f"install Debian's chromium package or set {CHROMIUM_ENV}",
                pytrace=False,
            )
    return found


@pytest_asyncio.fixture(scope="session")
async def browser(chromium_executable: str) -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        instance = await playwright.chromium.launch(
            executable_path=chromium_executable,
            headless=True,
            # Containers commonly have a small /dev/shm and no user namespaces.
            args=["--no-sandbox", "--disable-dev-shm-usage"],
        )
        try:
            yield instance
        finally:
            await instance.close()


@pytest_asyncio.fixture
async def page(browser: Any) -> AsyncIterator[Any]:
    context = await browser.new_context(locale="en-GB", timezone_id="Asia/Almaty")
    try:
        yield await context.new_page()
    finally:
        await context.close()
