"""`tuinotes serve` end to end: headless Chromium opens the page, the meeting list arrives and a
search typed in the browser narrows it.

The browser draws the terminal on a canvas, so the test reads what the app sends it: the
terminal output carried by the page's WebSocket frames.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium (.ci/run installs it)"
)
SEQUENCE = re.compile(
    r"\x1b\[(?P<params>[0-9;?<>=$]*)[ -/]*(?P<final>[@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b."
)


class Screen:
    """Just enough of a terminal to read Textual's output: absolute moves and text."""

    def __init__(self, rows: int = 200, columns: int = 400) -> None:
        self.cells = [[" "] * columns for _ in range(rows)]
        self.row = self.column = 0

    def feed(self, text: str) -> None:
        position = 0
        for match in SEQUENCE.finditer(text):
            self._text(text[position : match.start()])
            position = match.end()
            if match.group("final") == "H":
                row, _, column = (match.group("params") or "1;1").partition(";")
                self.row, self.column = int(row or 1) - 1, int(column or 1) - 1
        self._text(text[position:])

    def _text(self, text: str) -> None:
        for char in text:
            if char == "\n":
                self.row += 1
            elif char == "\r":
                self.column = 0
            elif 0 <= self.row < len(self.cells) and 0 <= self.column < len(self.cells[0]):
                self.cells[self.row][self.column] = char
                self.column += 1

    def text(self) -> str:
        return "\n".join("".join(row).rstrip() for row in self.cells)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_in_a_browser_lists_meetings_and_searches(notes):
    from playwright.sync_api import sync_playwright

    found = subprocess.run(
        [sys.executable, "-m", "tuinotes", "search", "serializer", "--notes", str(notes), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    expected = json.loads(found.stdout)["total"]
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tuinotes", "serve", str(notes), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    screen = Screen()
    try:
        wait_for(f"http://127.0.0.1:{port}/")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
            )
            page = browser.new_page(viewport={"width": 1400, "height": 900})

            def on_socket(ws) -> None:
                def received(payload) -> None:
                    data = payload if isinstance(payload, bytes) else payload.encode()
                    screen.feed(data.decode("utf-8", "replace"))

                ws.on("framereceived", received)

            page.on("websocket", on_socket)
            page.goto(f"http://127.0.0.1:{port}/")

            def shows(text: str, seconds: float = 60) -> bool:
                deadline = time.monotonic() + seconds
                while time.monotonic() < deadline:
                    if text in screen.text():
                        return True
                    page.wait_for_timeout(200)
                return False

            assert shows("16 meetings"), "the meeting list never arrived"
            assert shows("Tidewater Community Call")
            page.locator(".xterm-helper-textarea").focus()  # keys to the app, no click
            page.keyboard.type("/serializer", delay=40)  # / focuses the search box
            assert shows(f"{expected} meetings"), screen.text()
            assert shows("Rust port of the serializer")
            assert "16 meetings" not in screen.text()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
