# One image for every AstraTrade process; compose.yaml picks the command.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
# Dependencies first, at the versions and hashes of requirements.lock: a layer that survives code changes.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY astratrade astratrade
COPY aggregates aggregates
COPY event_store event_store
COPY services services
COPY command_api command_api
COPY query_api query_api
COPY http_common http_common
COPY projections projections
COPY contracts contracts
COPY jobs jobs
COPY console console
RUN pip install --no-deps --no-build-isolation . && useradd --system --uid 10001 astratrade
USER astratrade
ENTRYPOINT ["astratrade"]
CMD ["up"]
