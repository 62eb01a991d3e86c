# syntax=docker/dockerfile:1
# The programmes service. Build from the repository root (docker-compose.yml does):
#   docker build -f deploy/docker/programmes.Dockerfile -t kelisim/programmes:dev .
# One process serves the API on :8005; the outbox relay and the consumer run beside it unless
# KELISIM_MONITORING_RUN_RELAY / KELISIM_MONITORING_RUN_CONSUMER are false (docs/operations.md).
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
FROM ${PYTHON_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH \
    KELISIM_HOME=/tmp/kelisim

WORKDIR /app
RUN python -m venv /opt/venv \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin kelisim

# Dependencies first (their layer survives code changes), without the embedded runtime.
COPY pyproject.toml README.md ./
COPY deploy/docker/requirements.py deploy/docker/requirements.py
RUN python deploy/docker/requirements.py pyproject.toml > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The platform and this service only: services talk to each other through Kafka, never imports.
COPY shared ./shared
COPY services/__init__.py ./services/__init__.py
COPY services/programmes ./services/programmes
COPY deploy/migrate.py deploy/migrate.py
RUN pip install --no-deps --editable . \
    && rm -rf shared/tests services/programmes/tests

USER 10001
EXPOSE 8005
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8005/health', timeout=2)"]
# Migrations: `python deploy/migrate.py programmes` (an init container or a one-shot service).
CMD ["uvicorn", "--factory", "services.programmes.main:create_app", "--host", "0.0.0.0", "--port", "8005", "--no-access-log", "--timeout-graceful-shutdown", "20"]
