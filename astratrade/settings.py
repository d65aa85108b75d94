"""The one Settings object of every AstraTrade process, read from the environment."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import parse_qs, urlparse

from pydantic import Field, PrivateAttr, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from astratrade.dev_secrets import DevSecrets

# Published in this source, so refused everywhere (development generates its own: astratrade/dev_secrets.py).
DEV_SECRET = "dev-only-secret-change-me-0123456789abcdef"  # noqa: S105


class Settings(BaseSettings):
    """Configuration (README "Configuration"); secrets must be set outside development."""

    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    environment: str = Field("development", alias="ASTRATRADE_ENV")
    database_url: str = "postgresql://postgres@127.0.0.1:5432/astratrade"
    database_schema: str = Field("public", alias="DATABASE_SCHEMA")
    # A hot standby of DATABASE_URL (docs/adr/0010): the query API's reads and the workers' log reads go there;
    # every write, tracking update and lease stays on DATABASE_URL. Unset: everything reads the primary.
    read_database_url: str | None = Field(None, alias="READ_DATABASE_URL")
    # Tracing (astratrade/tracing.py, docs/adr/0010): spans go to this OTLP/HTTP collector; unset, tracing is off.
    otel_exporter_otlp_endpoint: str | None = Field(None, alias="OTEL_EXPORTER_OTLP_ENDPOINT")
    redis_url: str = "redis://127.0.0.1:6379/0"
    jwt_secret: str = ""  # unset: refused, or generated into the data directory in development
    jwt_ttl_seconds: int = 900
    claim_key: str = Field("", alias="CLAIM_KEY")
    command_api_port: int = 8000
    query_api_port: int = 8001
    host: str = Field("127.0.0.1", alias="ASTRATRADE_HOST")
    db_pool_size: int = Field(10, alias="DB_POOL_SIZE")
    api_workers: int = Field(1, alias="API_WORKERS", ge=1, le=32)
    read_model_schema: str = Field("read_models", alias="READ_MODEL_SCHEMA")
    query_wait_timeout: float = Field(5.0, alias="QUERY_WAIT_TIMEOUT_SECONDS", gt=0, le=60)
    analyst_password: str | None = Field(None, alias="ANALYST_PASSWORD")
    log_level: str = Field("INFO", alias="LOG_LEVEL")
    log_format: Literal["json", "text"] = Field("json", alias="LOG_FORMAT")
    # Per-user token bucket on the command API (http_common/ratelimit.py); 0 turns it off.
    rate_limit_per_second: float = Field(200.0, alias="RATE_LIMIT_PER_SECOND", ge=0)
    rate_limit_burst: int = Field(2000, alias="RATE_LIMIT_BURST", ge=1)
    # Zero-setup `up` (astratrade/embedded.py): "auto" embeds what is unset and unreachable.
    embedded: Literal["auto", "always", "never"] = Field("auto", alias="ASTRATRADE_EMBEDDED")
    data_dir: str = Field(".astratrade", alias="ASTRATRADE_DATA_DIR")
    # Starknet (docs/starknet.md), all optional: without RPC URL, account and key the jobs are disabled.
    starknet_rpc_url: str | None = Field(None, alias="STARKNET_RPC_URL")
    starknet_account_address: str | None = Field(None, alias="STARKNET_ACCOUNT_ADDRESS")
    starknet_private_key: SecretStr | None = Field(None, alias="STARKNET_PRIVATE_KEY")
    starknet_anchor_address: str | None = Field(None, alias="STARKNET_ANCHOR_ADDRESS")
    starknet_vault_address: str | None = Field(None, alias="STARKNET_VAULT_ADDRESS")
    starknet_exchange_address: str | None = Field(None, alias="STARKNET_EXCHANGE_ADDRESS")
    starknet_paymaster_address: str | None = Field(None, alias="STARKNET_PAYMASTER_ADDRESS")
    anchor_every_events: int = Field(1000, alias="ANCHOR_EVERY_EVENTS", ge=1)
    anchor_every_seconds: float = Field(600.0, alias="ANCHOR_EVERY_SECONDS", gt=0)
    # Login throttle (command_api/login_throttle.py): free failures before 429 login_throttled.
    login_failures_per_account: int = Field(5, alias="LOGIN_FAILURES_PER_ACCOUNT", ge=1)
    login_failures_per_address: int = Field(20, alias="LOGIN_FAILURES_PER_ADDRESS", ge=1)
    login_account_ceiling: int = Field(50, alias="LOGIN_ACCOUNT_CEILING", ge=1)

    # Development secrets read from (or generated into) the data directory, if any (astratrade/dev_secrets.py).
    _dev_secrets: DevSecrets | None = PrivateAttr(None)
    # Money and game rules (api.md "Rule changes in v1.1"): the default minimum notional of an open
    # (services/instruments.py), and what a close needs to earn XP (aggregates/gamification/fairness.py;
    # the progression worker reads the same two variables).
    min_notional: Decimal = Field(Decimal("10.00"), alias="MIN_NOTIONAL", ge=Decimal("0.01"), decimal_places=2)
    xp_min_notional: Decimal = Field(Decimal("100.00"), alias="XP_MIN_NOTIONAL", ge=0, decimal_places=2)
    xp_min_hold_seconds: float = Field(60.0, alias="XP_MIN_HOLD_SECONDS", ge=0)
    # Shared PostgreSQL (astratrade/database.py, app_role.py): `migrate` connects as DATABASE_URL's user and
    # creates this non-superuser role; every other process connects as it. Empty: use DATABASE_URL's user.
    app_database_role: str = Field("astratrade_app", alias="APP_DATABASE_ROLE", pattern=r"^([a-z_][a-z0-9_]{0,62})?$")
    app_database_password: SecretStr | None = Field(None, alias="APP_DATABASE_PASSWORD")
    # Sessions (docs/adr/0005-token-revocation.md): refresh tokens, and how stale a revocation may be seen.
    refresh_token_ttl_seconds: int = Field(30 * 86400, alias="REFRESH_TOKEN_TTL_SECONDS", ge=60)
    token_check_cache_seconds: float = Field(1.0, alias="TOKEN_CHECK_CACHE_SECONDS", ge=0, le=1)
    # Market feed connector (`astratrade feed`, docs/markets-feed.md): `up` runs it when FEED_EXCHANGES is set.
    feed_exchanges: str = Field("", alias="FEED_EXCHANGES")  # ccxt ids, comma-separated: "binance,kraken"
    feed_symbols: str = Field("BTC/USDT,ETH/USDT", alias="FEED_SYMBOLS")  # BASE/QUOTE[=OUR-SYMBOL], comma-separated
    feed_min_interval_seconds: float = Field(2.0, alias="FEED_MIN_INTERVAL_SECONDS", gt=0)
    feed_stale_after_seconds: float = Field(30.0, alias="FEED_STALE_AFTER_SECONDS", gt=0)
    feed_timeout_seconds: float = Field(10.0, alias="FEED_TIMEOUT_SECONDS", gt=0)
    feed_api_url: str | None = Field(None, alias="FEED_API_URL")  # replaces the venue's REST base (a proxy)
    feed_metrics_port: int = Field(0, alias="FEED_METRICS_PORT", ge=0, le=65535)  # 0: no /metrics server
    # Query API availability (query_api/waits.py, http_common/ratelimit.py): the query API's own per-user
    # token bucket (0 turns it off) and the most concurrent min_position waits of one user (429 beyond).
    query_rate_limit_per_second: float = Field(200.0, alias="QUERY_RATE_LIMIT_PER_SECOND", ge=0)
    query_rate_limit_burst: int = Field(2000, alias="QUERY_RATE_LIMIT_BURST", ge=1)
    query_max_waits_per_user: int = Field(10, alias="QUERY_MAX_WAITS_PER_USER", ge=1)
    # Event bus relay (docs/event-bus.md): the log to Redis Streams `<prefix><context>` and `<prefix>all`.
    relay_enabled: bool = Field(True, alias="RELAY_ENABLED")  # `up` runs it in the social worker group
    relay_stream_prefix: str = Field("astratrade:events:", alias="RELAY_STREAM_PREFIX")
    relay_stream_maxlen: int = Field(100_000, alias="RELAY_STREAM_MAXLEN", ge=0)  # per stream, ~; 0: never trimmed
    relay_batch_size: int = Field(500, alias="RELAY_BATCH_SIZE", ge=1, le=10_000)  # events per MULTI/EXEC
    relay_metrics_port: int = Field(0, alias="RELAY_METRICS_PORT", ge=0, le=65535)  # /metrics, /ready; 0: none
    relay_stale_seconds: float = Field(60.0, alias="RELAY_STALE_SECONDS", gt=0)  # /ready and `relay status`
    # Where the relay publishes: Redis Streams (REDIS_URL) or NATS JetStream (NATS_URL, stream RELAY_NATS_STREAM).
    relay_target: Literal["redis", "nats"] = Field("redis", alias="RELAY_TARGET")
    nats_url: str = Field("nats://127.0.0.1:4222", alias="NATS_URL")
    relay_nats_stream: str = Field("ASTRATRADE_EVENTS", alias="RELAY_NATS_STREAM", pattern=r"^[A-Za-z0-9_-]{1,64}$")
    # Job broker (jobs/broker.py): dramatiq on Redis (REDIS_URL) or on RabbitMQ (RABBITMQ_URL).
    jobs_broker: Literal["redis", "rabbitmq"] = Field("redis", alias="JOBS_BROKER")
    rabbitmq_url: str = Field("amqp://guest:guest@127.0.0.1:5672/", alias="RABBITMQ_URL")
    # Web console (console/, docs/ui.md): its static server's port, and the origins both APIs admit by CORS
    # (comma-separated; empty: the console's own, http://127.0.0.1:CONSOLE_PORT and http://localhost:CONSOLE_PORT).
    console_port: int = Field(8002, alias="CONSOLE_PORT", ge=1, le=65535)
    console_origins: str = Field("", alias="CONSOLE_ORIGINS")

    @model_validator(mode="after")
    def _refuse_any_origin(self) -> Settings:
        # Every origin would let any web page a user visits drive the APIs with a token it got hold of.
        if any(
            o.strip() == "*" or not o.strip().startswith(("http://", "https://"))
            for o in self.console_origins.split(",")
            if o.strip()
        ):
            raise ValueError("CONSOLE_ORIGINS must name origins (http[s]://host[:port]), never '*'")
        return self

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> Settings:
        if DEV_SECRET in (self.jwt_secret, self.claim_key):
            raise ValueError("JWT_SECRET / CLAIM_KEY must not be the development value published in the source")
        if self.environment == "development":
            return self._with_development_secrets()
        if len(self.jwt_secret) < 32:
            raise ValueError("JWT_SECRET must be set (≥ 32 characters) outside development")
        if not self.claim_key:
            raise ValueError("CLAIM_KEY must be set outside development")
        return self

    def _with_development_secrets(self) -> Settings:
        if self.jwt_secret and self.claim_key:
            return self
        from astratrade.dev_secrets import load_or_create  # noqa: PLC0415  (file access only when needed)

        try:
            kept = load_or_create(Path(self.data_dir))
        except OSError as error:  # e.g. a read-only working directory: say what to set, not a traceback
            raise ValueError(
                f"JWT_SECRET / CLAIM_KEY unset and the development secrets cannot be kept in "
                f"ASTRATRADE_DATA_DIR ({error}); set them, or a writable ASTRATRADE_DATA_DIR"
            ) from None
        self.jwt_secret, self.claim_key = self.jwt_secret or kept.jwt_secret, self.claim_key or kept.claim_key
        self._dev_secrets = kept
        return self

    @property
    def cors_origins(self) -> list[str]:
        """The browser origins allowed to call the APIs: CONSOLE_ORIGINS, else the console's own."""
        named = [origin.strip().rstrip("/") for origin in self.console_origins.split(",") if origin.strip()]
        return named or [f"http://127.0.0.1:{self.console_port}", f"http://localhost:{self.console_port}"]

    @property
    def dev_secrets(self) -> DevSecrets | None:
        """The development secrets this process read or generated (``dev_secrets.announce`` logs them)."""
        return self._dev_secrets

    def eventsourcing_env(self, database_url: str | None = None) -> dict[str, str]:
        """eventsourcing's variables for DATABASE_URL (or another URL of the same event store: a replica's)."""
        from event_store.config import eventsourcing_env  # noqa: PLC0415  (settings load before any layer)

        url = database_url or self.database_url
        # DB_POOL_SIZE is the most a process may hold; pools open two and grow on demand.
        opened = min(2, self.db_pool_size)
        env = eventsourcing_env(
            url, schema=self.database_schema, pool_size=opened, max_overflow=self.db_pool_size - opened
        )
        # libpq's form for a Unix socket, e.g. the embedded server's: postgresql://user@/db?host=/socket/dir
        socket_dir = parse_qs(urlparse(url).query).get("host")
        return {**env, "POSTGRES_HOST": socket_dir[0]} if socket_dir else env

    def read_eventsourcing_env(self) -> dict[str, str] | None:
        """eventsourcing's variables for READ_DATABASE_URL, the hot standby reads go to (None: unset)."""
        return self.eventsourcing_env(self.read_database_url) if self.read_database_url else None


def starknet_status(settings: Settings) -> dict[str, object]:
    """Starknet's part of the ``/ready`` detail: enabled, or disabled and why (never the key).

    Informational: a disabled Starknet never makes a process unready."""
    required = {
        "STARKNET_RPC_URL": settings.starknet_rpc_url,
        "STARKNET_ACCOUNT_ADDRESS": settings.starknet_account_address,
        "STARKNET_PRIVATE_KEY": settings.starknet_private_key,
    }
    missing = [name for name, value in required.items() if not value]
    contracts = {
        "anchor": settings.starknet_anchor_address,
        "vault": settings.starknet_vault_address,
        "exchange": settings.starknet_exchange_address,
        "paymaster": settings.starknet_paymaster_address,
    }
    if missing:
        return {
            "status": "disabled",
            "detail": f"Starknet jobs disabled: {', '.join(missing)} not set",
            "missing": missing,
        }
    node = urlparse(settings.starknet_rpc_url or "")  # the host only: a path or query may hold an API key
    return {
        "status": "enabled",
        "rpc_host": node.hostname,
        "account": settings.starknet_account_address,
        "anchoring": "enabled" if contracts["anchor"] else "disabled: STARKNET_ANCHOR_ADDRESS not set",
        "settlement": "enabled" if contracts["vault"] else "disabled: STARKNET_VAULT_ADDRESS not set",
        "contracts": {name: address or "not set" for name, address in contracts.items()},
    }
