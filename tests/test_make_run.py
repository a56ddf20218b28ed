"""`make run` takes its ports in one place: the web app's config.js, the API's CORS origins,
the links in e-mails, the servers' ports and the printed URLs all follow API_PORT and WEB_PORT.
Read from `make -n`, which prints the commands without running them."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run_commands(**ports: int) -> str:
    variables = [f"{name}={value}" for name, value in ports.items()]
    done = subprocess.run(
        ["make", "-n", "run", *variables], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_the_ports_are_set_once_and_everything_follows():
    commands = _run_commands(API_PORT=5100, WEB_PORT=5200)
    assert 'window.__PLATFORM_CONFIG__ = { apiBaseUrl: "", apiPort: 5100 };' in commands
    assert "> frontend/dist/config.js" in commands
    assert "--bind 127.0.0.1:5100" in commands
    assert "npm run preview -- --port 5200" in commands
    assert 'CORS_ORIGINS="${CORS_ORIGINS:-http://localhost:5200,http://127.0.0.1:5200}"' in commands
    assert 'WEB_APP_URL="${WEB_APP_URL:-http://127.0.0.1:5200}"' in commands
    assert "Web app:  http://127.0.0.1:5200" in commands
    assert "API:      http://127.0.0.1:5100/api/v1" in commands
    assert "5000" not in commands and "5173" not in commands


def test_the_defaults_are_the_documented_ports():
    commands = _run_commands()
    assert "apiPort: 5000" in commands
    assert "--port 5173" in commands
