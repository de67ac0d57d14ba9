"""The home folder: where the configuration, the database, the inbox and the kept files live."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import config as config_mod
from .errors import ConfigError

DEFAULT_HOME = "./intake-home"


@dataclass(frozen=True)
class Home:
    root: Path

    @property
    def config_path(self) -> Path:
        return self.root / "config.toml"

    @property
    def db_path(self) -> Path:
        return self.root / "intake.db"

    @property
    def inbox(self) -> Path:
        """The drop folder the fax server writes into."""
        return self.root / "inbox"

    @property
    def originals(self) -> Path:
        """Originals, kept by content hash, never changed."""
        return self.root / "originals"

    @property
    def quarantine(self) -> Path:
        """Files that could not be read, each with a `.reason.txt` beside it."""
        return self.root / "quarantine"

    @property
    def work(self) -> Path:
        """Scratch space for page images and crops (may be deleted at any time)."""
        return self.root / "work"

    @property
    def crops(self) -> Path:
        """Images of field places shown to reviewers."""
        return self.root / "crops"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    def ensure(self) -> "Home":
        for folder in (self.root, self.inbox, self.originals, self.quarantine, self.work, self.crops):
            folder.mkdir(parents=True, exist_ok=True)
        if not self.config_path.exists():
            self.config_path.write_text(config_mod.DEFAULT_CONFIG, encoding="utf-8")
        return self

    def config(self) -> config_mod.Config:
        return config_mod.load(self.config_path)


def resolve(home: str | os.PathLike | None) -> Home:
    """The home from --home, else INTAKE_HOME, else ./intake-home."""
    chosen = home or os.environ.get("INTAKE_HOME") or DEFAULT_HOME
    path = Path(chosen).expanduser()
    if path.exists() and not path.is_dir():
        raise ConfigError(f"The home {path} exists and is not a folder.")
    return Home(path.resolve())
