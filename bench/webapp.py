"""Serves the built web app (frontend/dist) on loopback, with its runtime configuration.

A static server with the single-page-app fallback: unknown paths get index.html, and
/config.js points the app at the API under test.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.server import serving_in_thread

DIST_DIR = Path(__file__).resolve().parent.parent / "frontend" / "dist"
# Debian's Chromium, headless as root on a closed network: no sandbox, no background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> Path:
    """Where Debian's Chromium is (CHROMIUM_PATH overrides); it may not exist."""
    return Path(os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium")


class _WebAppHandler(SimpleHTTPRequestHandler):
    api_base_url = ""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/config.js":
            config = json.dumps({"apiBaseUrl": self.api_base_url})
            data = f"window.__PLATFORM_CONFIG__ = {config};\n".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)
            return
        target = Path(self.translate_path(path))
        if not target.is_file():
            self.path = "/index.html"
        super().do_GET()


@contextmanager
def serve_webapp(api_base_url: str, port: int = 0, dist: Path = DIST_DIR) -> Iterator[str]:
    """Serve `dist` on loopback (a free port unless given); yields the app's base URL."""
    if not (dist / "index.html").is_file():
        raise FileNotFoundError(f"{dist}/index.html is missing: build the web app first")
    handler = type("Handler", (_WebAppHandler,), {"api_base_url": api_base_url})
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(dist)))
    with serving_in_thread(server) as url:
        yield url
