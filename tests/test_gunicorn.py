"""The documented production command serves the app: gunicorn with the repo's gunicorn.conf.py."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_serves_the_app_with_settings_from_the_environment(tmp_path):
    port = _free_port()
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'talentpool.sqlite'}",
        "SECRET_KEY": "gunicorn-test",
        "TALENTPOOL_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    subprocess.run([str(BIN / "flask"), "--app", "talentpool", "init-db"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    server = subprocess.Popen([str(BIN / "gunicorn"), "talentpool:create_app()"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline, body = time.monotonic() + 30, None
        while body is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as response:
                    assert response.status == 200
                    body = response.read().decode()
            except OSError:
                time.sleep(0.2)
        assert body is not None and "Sign in to talentpool" in body
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert output.count("Booting worker") == 2, output  # WEB_CONCURRENCY workers
