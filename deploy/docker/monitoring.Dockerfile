# syntax=docker/dockerfile:1
# The monitoring service. Build from the repository root (docker-compose.yml does):
#   docker build -f deploy/docker/monitoring.Dockerfile -t kelisim/monitoring:dev .
# One process serves the API on :8004; the outbox relay and the consumer run beside it unless
# KELISIM_MONITORING_RUN_RELAY / KELISIM_MONITORING_RUN_CONSUMER are false (docs/operations.md).
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
COPY services/monitoring ./services/monitoring
RUN rm -rf shared/tests ops/tests ops/testing services/monitoring/tests \
    && /opt/build/bin/pip wheel --no-deps --no-build-isolation --wheel-dir /wheels . \
    && /opt/build/bin/pip --python /opt/venv/bin/python install --no-deps --no-index /wheels/*.whl

FROM ${PYTHON_IMAGE}
ARG REVISION=unknown
LABEL org.opencontainers.image.title="kelisim-monitoring" \
      org.opencontainers.image.source="deploy/docker/monitoring.Dockerfile" \
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
COPY deploy/migrate.py deploy/migrate.py

USER 10001
EXPOSE 8004
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8004/health', timeout=2)"]
# Migrations: `python deploy/migrate.py monitoring` (the Job monitoring-migrate, compose's monitoring-migrate);
# every pod checks with `--check` (deploy/migrate.py).
CMD ["python", "-m", "shared.api.server", "services.monitoring.main:create_app", "--host", "0.0.0.0", "--port", "8004", "--timeout-graceful-shutdown", "20"]
