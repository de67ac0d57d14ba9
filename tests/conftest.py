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


@pytest.fixture(scope="session")
def demo_queue_template(tmp_path_factory, demo_set) -> Path:
    """A home with the demo set's roster imported and every demo file processed, once per run.

    Under pytest-xdist the workers share it: the first to need it builds it under a lock while
    the others wait, so the demo set is read once, not once a worker.  Tests take a copy
    (`demo_queue`), so each works on its own real queue.
    """
    import fcntl
    import os
    import subprocess
    import sys
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent            # the run's folder, above each worker's own
    home = root / "demo-queue" / "home"
    built = root / "demo-queue" / "built"
    with open(root / "demo-queue.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if built.exists():
            return home
        home.parent.mkdir(exist_ok=True)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        intake = [sys.executable, "-c", "from intake.cli import main; main()", "--home", str(home)]
        subprocess.run(intake + ["init"], check=True, env=env, capture_output=True, timeout=120)
        config = home / "config.toml"      # no audit sample: the queue is the same every session
        config.write_text(config.read_text().replace("audit_sample_rate = 0.02", "audit_sample_rate = 0.0"))
        subprocess.run(intake + ["roster", "import", str(demo_set / "roster.csv")], check=True, env=env,
                       capture_output=True, timeout=120)
        files = sorted(p for p in (demo_set / "inbox").iterdir() if not p.name.endswith(".json"))
        subprocess.run(intake + ["process", *map(str, files), "--json"], env=env, capture_output=True,
                       timeout=900)
        built.touch()
    return home


@pytest.fixture
def demo_queue(demo_queue_template, tmp_path) -> Path:
    """A copy of the processed demo home, moved to a new place (its images must still be found)."""
    import shutil
    home = tmp_path / "moved-home"
    shutil.copytree(demo_queue_template, home)
    return home
