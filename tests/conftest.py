"""Shared pytest fixtures. Resource paths are found relative to this file, never the cwd."""

from pathlib import Path

import pytest

REAL_FAXES = Path(__file__).resolve().parents[2] / "shared" / "real-faxes"


@pytest.fixture(scope="session")
def real_faxes() -> Path:
    """The shared folder of 15 real fax-format files (see its README.md); skip if absent."""
    if not (REAL_FAXES / "README.md").is_file():
        pytest.skip(f"real fax fixtures not found at {REAL_FAXES}")
    return REAL_FAXES
