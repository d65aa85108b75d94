"""The one Settings object of every AstraTrade process, read from the environment."""

from __future__ import annotations

from typing import Literal
from urllib.parse import parse_qs, urlparse

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-only-secret-change-me-0123456789abcdef"  # noqa: S105


class Settings(BaseSettings):
    """Configuration (README "Configuration"); secrets must be set outside development."""

    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    environment: str = Field("development", alias="ASTRATRADE_ENV")
    database_url: str = "postgresql://postgres@127.0.0.1:5432/astratrade"
    database_schema: str = Field("public", alias="DATABASE_SCHEMA")
    redis_url: str = "redis://127.0.0.1:6379/0"
    jwt_secret: str = DEV_SECRET
    jwt_ttl_seconds: int = 3600
    claim_key: str = Field(DEV_SECRET, alias="CLAIM_KEY")
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
    # Per-user token bucket on the command API (command_api/ratelimit.py); 0 turns it off.
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
    # Query API availability (query_api/waits.py, http_common/ratelimit.py): the query API's own per-user
    # token bucket (0 turns it off) and the most concurrent min_position waits of one user (429 beyond).
    query_rate_limit_per_second: float = Field(200.0, alias="QUERY_RATE_LIMIT_PER_SECOND", ge=0)
    query_rate_limit_burst: int = Field(2000, alias="QUERY_RATE_LIMIT_BURST", ge=1)
    query_max_waits_per_user: int = Field(10, alias="QUERY_MAX_WAITS_PER_USER", ge=1)

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> Settings:
        if self.environment != "development":
            if self.jwt_secret == DEV_SECRET or len(self.jwt_secret) < 32:
                raise ValueError("JWT_SECRET must be set (≥ 32 characters) outside development")
            if self.claim_key == DEV_SECRET:
                raise ValueError("CLAIM_KEY must be set outside development")
        return self

    def eventsourcing_env(self) -> dict[str, str]:
        from event_store.config import eventsourcing_env  # noqa: PLC0415  (settings load before any layer)

        # DB_POOL_SIZE is the most a process may hold; pools open two and grow on demand.
        opened = min(2, self.db_pool_size)
        env = eventsourcing_env(self.database_url, schema=self.database_schema, pool_size=opened,
                                max_overflow=self.db_pool_size - opened)
        # libpq's form for a Unix socket, e.g. the embedded server's: postgresql://user@/db?host=/socket/dir
        socket_dir = parse_qs(urlparse(self.database_url).query).get("host")
        return {**env, "POSTGRES_HOST": socket_dir[0]} if socket_dir else env


def starknet_status(settings: Settings) -> dict[str, object]:
    """Starknet's part of the ``/ready`` detail: enabled, or disabled and why (never the key).

    Informational: a disabled Starknet never makes a process unready."""
    required = {"STARKNET_RPC_URL": settings.starknet_rpc_url,
                "STARKNET_ACCOUNT_ADDRESS": settings.starknet_account_address,
                "STARKNET_PRIVATE_KEY": settings.starknet_private_key}
    missing = [name for name, value in required.items() if not value]
    contracts = {"anchor": settings.starknet_anchor_address, "vault": settings.starknet_vault_address,
                 "exchange": settings.starknet_exchange_address, "paymaster": settings.starknet_paymaster_address}
    if missing:
        return {"status": "disabled", "detail": f"Starknet jobs disabled: {', '.join(missing)} not set",
                "missing": missing}
    node = urlparse(settings.starknet_rpc_url or "")  # the host only: a path or query may hold an API key
    return {"status": "enabled", "rpc_host": node.hostname, "account": settings.starknet_account_address,
            "anchoring": "enabled" if contracts["anchor"] else "disabled: STARKNET_ANCHOR_ADDRESS not set",
            "settlement": "enabled" if contracts["vault"] else "disabled: STARKNET_VAULT_ADDRESS not set",
            "contracts": {name: address or "not set" for name, address in contracts.items()}}
