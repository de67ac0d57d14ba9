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

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "demo"


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", default=False, help="run the long soak tests")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def demo_set() -> Path:
    """The committed demo set of generated sample faxes (samples/demo)."""
    return SAMPLES
