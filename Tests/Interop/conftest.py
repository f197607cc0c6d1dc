"""Starts `mockclaude serve` as a subprocess and hands tests its base URL.

The binary comes from $MOCKCLAUDE_BIN, else .build/debug/mockclaude (build it with `swift build`).
"""
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASSETTES = ROOT / "Cassettes"


def binary() -> str:
    path = os.environ.get("MOCKCLAUDE_BIN") or str(ROOT / ".build" / "debug" / "mockclaude")
    if not os.path.exists(path):
        pytest.exit(f"mockclaude binary not found at {path}: run `swift build` or set MOCKCLAUDE_BIN", returncode=2)
    return path


class Mock:
    """A running `mockclaude serve`; the first stdout line is its base URL."""

    def __init__(self, *args: str):
        self.process = subprocess.Popen(
            [binary(), "serve", "--port", "0", "--log-level", "warning", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.base_url = self.process.stdout.readline().strip()
        if not self.base_url.startswith("http://"):
            self.process.kill()
            raise RuntimeError(f"mockclaude did not start: {self.process.stderr.read()}")

    def stop(self) -> int:
        self.process.terminate()
        return self.process.wait(timeout=10)


@pytest.fixture
def serve():
    """serve(*cassette_names, timing="instant") -> base URL of a fresh mock, stopped after the test."""
    mocks = []

    def start(*names: str, timing: str = "instant") -> str:
        args = ["--timing", timing]
        for name in names:
            args += ["--cassette", str(CASSETTES / name)]
        mock = Mock(*args)
        mocks.append(mock)
        return mock.base_url

    yield start
    for mock in mocks:
        assert mock.stop() == 0, "mockclaude should exit cleanly on SIGTERM"
