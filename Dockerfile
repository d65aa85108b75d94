# One image for every AstraTrade process; compose.yaml picks the command.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
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
RUN pip install . && useradd --system --uid 10001 astratrade
USER astratrade
ENTRYPOINT ["astratrade"]
CMD ["up"]
