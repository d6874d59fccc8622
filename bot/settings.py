"""Settings of the running program, read from the environment and `.env` (pydantic-settings).

Owns every tunable and its default; `.env.example` documents the same names. Nothing here
is read at import time: call :func:`load_settings` at start-up and pass the result on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """All settings; environment variable names are given by each field's alias."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    telegram_bot_token: SecretStr | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(
        "https://api.telegram.org/bot", alias="TELEGRAM_API_BASE_URL"
    )
    telegram_api_file_url: str = Field(
        "https://api.telegram.org/file/bot", alias="TELEGRAM_API_FILE_URL"
    )
    webhook_url: str | None = Field(None, alias="WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(None, alias="WEBHOOK_SECRET")
    webhook_listen: str = Field("127.0.0.1", alias="WEBHOOK_LISTEN")
    webhook_port: int = Field(8443, alias="WEBHOOK_PORT")

    # Zalo Bot Platform (bot/channels/zalo, docs/zalo.md): runs when the token is set.
    zalo_bot_token: SecretStr | None = Field(None, alias="ZALO_BOT_TOKEN")
    zalo_api_base_url: str = Field("https://bot-api.zaloplatforms.com", alias="ZALO_API_BASE_URL")
    zalo_webhook_url: str | None = Field(None, alias="ZALO_WEBHOOK_URL")
    zalo_webhook_secret: SecretStr | None = Field(None, alias="ZALO_WEBHOOK_SECRET")
    zalo_webhook_listen: str = Field("127.0.0.1", alias="ZALO_WEBHOOK_LISTEN")
    zalo_webhook_port: int = Field(8445, alias="ZALO_WEBHOOK_PORT", ge=0, le=65535)
    zalo_poll_seconds: int = Field(30, alias="ZALO_POLL_SECONDS", ge=1, le=60)

    db_path: Path = Field(Path("data/ocop.db"), alias="OCOP_DB_PATH")
    # sqlite:///path (then it is the SQLite file) or postgresql://… (several workers,
    # docs/deploy.md); unset: the SQLite file OCOP_DB_PATH.
    database_url: str | None = Field(None, alias="OCOP_DATABASE_URL")
    # Set by `ocop-bot run --workers N` for each child (0…N-1): the webhook port is shared.
    worker_index: int | None = Field(None, alias="OCOP_WORKER_INDEX", ge=0)
    files_dir: Path = Field(Path("data/files"), alias="OCOP_FILES_DIR")
    knowledge_dir: Path | None = Field(None, alias="OCOP_KNOWLEDGE_DIR")
    served_area: str = Field("y-yen", alias="OCOP_SERVED_AREA")
    admin_telegram_ids: Annotated[frozenset[str], NoDecode] = Field(
        frozenset(), alias="ADMIN_TELEGRAM_IDS"
    )
    telegram_bot_username: str = Field("", alias="TELEGRAM_BOT_USERNAME")
    officer_invite_ttl_hours: float = Field(72.0, alias="OFFICER_INVITE_TTL_HOURS")
    exports_dir: Path = Field(Path("data/exports"), alias="OCOP_EXPORTS_DIR")
    broadcast_rate: float = Field(28.5, alias="BROADCAST_RATE", gt=0)
    broadcast_max_attempts: int = Field(5, alias="BROADCAST_MAX_ATTEMPTS", ge=1)
    broadcast_retry_base_seconds: float = Field(2.0, alias="BROADCAST_RETRY_BASE_SECONDS", ge=0)
    broadcast_progress_seconds: float = Field(5.0, alias="BROADCAST_PROGRESS_SECONDS", ge=0)
    max_text_length: int = Field(4000, alias="OCOP_MAX_TEXT_LENGTH")
    flood_max_messages: int = Field(20, alias="OCOP_FLOOD_MAX_MESSAGES")
    flood_window_seconds: float = Field(10.0, alias="OCOP_FLOOD_WINDOW_SECONDS")
    # Bytes of files one user may send in a day (0: no limit); see .env.example for why 200 MB.
    user_daily_bytes: int = Field(200 * 1024 * 1024, alias="OCOP_USER_DAILY_BYTES", ge=0)
    outbox_lease_seconds: float = Field(30.0, alias="OCOP_OUTBOX_LEASE_SECONDS", gt=0)
    draft_reminder_days: int = Field(30, alias="OCOP_DRAFT_REMINDER_DAYS", ge=1)
    draft_archive_days: int = Field(60, alias="OCOP_DRAFT_ARCHIVE_DAYS", ge=1)
    orphan_file_hours: float = Field(24.0, alias="OCOP_ORPHAN_FILE_HOURS", gt=0)
    log_level: str = Field("INFO", alias="OCOP_LOG_LEVEL")
    web_host: str = Field("127.0.0.1", alias="OCOP_WEB_HOST")
    web_port: int = Field(8080, alias="OCOP_WEB_PORT", ge=0, le=65535)
    public_url: str | None = Field(None, alias="OCOP_PUBLIC_URL")
    web_secret: SecretStr | None = Field(None, alias="OCOP_WEB_SECRET")
    officer_notify: Literal["immediate", "digest"] = Field("immediate", alias="OCOP_OFFICER_NOTIFY")

    @field_validator("admin_telegram_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.split(",") if part.strip())
        if isinstance(value, int):
            return frozenset({str(value)})
        return value

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not value.startswith(("sqlite:///", "postgresql://", "postgres://")):
            raise ValueError("OCOP_DATABASE_URL: sqlite:///đường/dẫn hoặc postgresql://…")
        return value

    @property
    def uses_postgres(self) -> bool:
        return self.database_url is not None and self.database_url.startswith("postgres")

    def database(self) -> str | Path:
        """What :meth:`bot.storage.db.Database.open` opens: the PostgreSQL URL, else the
        SQLite file (``OCOP_DATABASE_URL=sqlite:///path`` wins over ``OCOP_DB_PATH``).

        >>> load_settings(_env_file=None, OCOP_DATABASE_URL="sqlite:///x/a.db").database()
        PosixPath('x/a.db')
        >>> load_settings(_env_file=None, OCOP_DATABASE_URL="postgresql://h/ocop").database()
        'postgresql://h/ocop'
        """
        if self.uses_postgres:
            assert self.database_url is not None
            return self.database_url
        return self.sqlite_file()

    def sqlite_file(self) -> Path:
        """The SQLite file (also where the web secret and backups live beside it)."""
        url = self.database_url
        if url is not None and url.startswith("sqlite:///"):
            return Path(url[len("sqlite:///") :])
        return self.db_path

    @property
    def has_telegram_token(self) -> bool:
        token = self.telegram_bot_token
        return token is not None and bool(token.get_secret_value().strip())

    @property
    def has_zalo_token(self) -> bool:
        token = self.zalo_bot_token
        return token is not None and bool(token.get_secret_value().strip())

    def web_base_url(self) -> str:
        """How users reach the web server: ``OCOP_PUBLIC_URL``, else its own address.

        >>> load_settings(_env_file=None, OCOP_PUBLIC_URL="https://ocop.example.vn/").web_base_url()
        'https://ocop.example.vn'
        >>> load_settings(_env_file=None, OCOP_WEB_PORT=8181).web_base_url()
        'http://127.0.0.1:8181'
        """
        if self.public_url and self.public_url.strip():
            return self.public_url.strip().rstrip("/")
        return f"http://{self.web_host}:{self.web_port}"

    def knowledge_root(self) -> Path:
        """Folder of the content files (FAQ, forms, communes, reply texts)."""
        if self.knowledge_dir is not None:
            return self.knowledge_dir
        return Path(__file__).resolve().parent.parent / "knowledge"


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment and `.env`; keyword overrides win (used by tests)."""
    return Settings(**overrides)  # type: ignore[arg-type]
