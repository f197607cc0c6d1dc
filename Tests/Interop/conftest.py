"""Starts `mockclaude serve` as a subprocess and hands tests its base URL.

The binary comes from $MOCKCLAUDE_BIN, else .build/debug/mockclaude (build it with `swift build`).
"""
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASSETTES = ROOT / "Cassettes"
SCENARIOS = ROOT / "Scenarios"


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
def serve(serve_args):
    """serve(*cassette_names, timing="instant") -> base URL of a fresh mock, stopped after the test."""
    def start(*names: str, timing: str = "instant") -> str:
        args = ["--timing", timing]
        for name in names:
            args += ["--cassette", str(CASSETTES / name)]
        return serve_args(*args)

    return start


@pytest.fixture
def scenario(serve_args, tmp_path):
    """scenario(name or YAML text) -> base URL of a mock running that scenario.

    A name is a shipped file in Scenarios/; text is written to a temporary file, where
    `CASSETTES/` stands for the Cassettes folder.
    """
    def start(name_or_yaml: str) -> str:
        if name_or_yaml.endswith(".yaml") and "\n" not in name_or_yaml:
            path = SCENARIOS / name_or_yaml
        else:
            path = tmp_path / "scenario.yaml"
            path.write_text(name_or_yaml.replace("CASSETTES/", str(CASSETTES) + "/"))
        return serve_args("--scenario", str(path))

    return start


@pytest.fixture
def serve_args():
    """serve_args(*arguments) -> base URL of `mockclaude serve ARGUMENTS`, stopped after the test."""
    mocks = []

    def start(*args: str) -> str:
        mock = Mock(*args)
        mocks.append(mock)
        return mock.base_url

    yield start
    for mock in mocks:
        assert mock.stop() == 0, "mockclaude should exit cleanly on SIGTERM"
