# syntax=docker/dockerfile:1
# The web console. Build from the repository root (docker-compose.yml does):
#   docker build -f deploy/docker/console.Dockerfile -t kelisim/console:dev .
# One process serves the pages and forwards the services' APIs on :8000 (KELISIM_CONSOLE_*_URL
# name them); it has no database and no topic of its own.
#
# Two stages: the first installs the locked dependencies (pip --require-hashes) and a wheel of
# the platform and this service into /opt/venv; the second is the same base image, by digest,
# with that venv and no pip, setuptools or wheel.
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm@sha256:65a93d69fa75478d554f4ad27c85c1e69fa184956261b4301ebaf6dbb0a3543d

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
# Dependencies first (their layer survives code changes), exactly as locked.
COPY deploy/docker/build.lock deploy/docker/requirements.lock ./
RUN python -m venv /opt/build \
    && /opt/build/bin/pip install --require-hashes --no-deps -r build.lock \
    && python -m venv --without-pip /opt/venv \
    && /opt/build/bin/pip --python /opt/venv/bin/python install --require-hashes --no-deps \
        -r requirements.lock
# The platform, the operator's toolbox (kelisim, deploy/migrate.py) and this service
# only: services talk to each other through Kafka, never imports.
COPY pyproject.toml README.md ./
COPY shared ./shared
COPY ops ./ops
COPY services/__init__.py ./services/__init__.py
COPY services/console ./services/console
RUN rm -rf shared/tests ops/tests ops/testing \
    && /opt/build/bin/pip wheel --no-deps --no-build-isolation --wheel-dir /wheels . \
    && /opt/build/bin/pip --python /opt/venv/bin/python install --no-deps --no-index /wheels/*.whl

FROM ${PYTHON_IMAGE}
ARG REVISION=unknown
LABEL org.opencontainers.image.title="kelisim-console" \
      org.opencontainers.image.source="deploy/docker/console.Dockerfile" \
      org.opencontainers.image.revision="${REVISION}"
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    KELISIM_HOME=/tmp/kelisim
RUN python -m pip uninstall --yes --quiet pip setuptools wheel \
    && groupadd --system --gid 10001 kelisim \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin kelisim
COPY --from=build /opt/venv /opt/venv
WORKDIR /app

USER 10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)"]
CMD ["python", "-m", "shared.api.server", "services.console.main:create_app", "--host", "0.0.0.0", "--port", "8000", "--timeout-graceful-shutdown", "20"]
