"""The reports in headless Chromium (Debian `chromium`), driven over the DevTools protocol.

index.html loads with no console error, clicking a column header sorts the table, and a
screenshot of the national report is not blank. Skipped when chromium is not installed.
"""

from __future__ import annotations

import base64
import io
import json
import shutil
import subprocess
import time
import urllib.request

import pytest

websocket = pytest.importorskip("websocket")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def chromium_cannot_run() -> str:
    """Why the installed chromium cannot run at all ("" when `chromium --version` works): a binary whose
    shared libraries do not load (e.g. libharfbuzz-subset masked on a bare-machine check) is as good as
    absent. One that runs but then fails to start a page still fails the tests below."""
    if CHROMIUM is None:
        return "chromium is not installed (.ci/run installs it)"
    try:
        done = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"chromium does not run: {exc}"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["exit status " + str(done.returncode)])[-1]
        return f"chromium is installed but does not run: {last}"
    return ""


CANNOT_RUN = chromium_cannot_run()
pytestmark = [pytest.mark.slow, pytest.mark.skipif(bool(CANNOT_RUN), reason=CANNOT_RUN or "runs")]


class Browser:
    """A headless Chromium and one page, spoken to over the DevTools websocket."""

    def __init__(self, profile_dir):
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
             "--window-size=1200,1600", f"--user-data-dir={profile_dir}", "--remote-debugging-port=0",
             "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = profile_dir / "DevToolsActivePort"
        deadline = time.time() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if time.time() > deadline or self.proc.poll() is not None:
                raise RuntimeError("chromium did not start")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self.next_id, self.events = 0, []
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_event(self, method: str, timeout: float = 30) -> dict:
        deadline = time.time() + timeout
        while time.time() < deadline:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(i)
            self.events.append(json.loads(self.ws.recv()))
        raise TimeoutError(method)

    def open(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired")

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def console_errors(self) -> list[str]:
        errors = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                errors.append(str(params.get("exceptionDetails", {}).get("text")))
            elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
                errors.append(str(params.get("args")))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                errors.append(str(params["entry"].get("text")))
        return errors

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chrome = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield chrome
    chrome.close()


def column_values(browser, index: int) -> list[str]:
    return browser.evaluate(
        f"Array.from(document.querySelectorAll('#provinces tbody tr')).map(r => r.cells[{index}].getAttribute('data-sort'))")


def test_index_loads_without_console_errors_and_sorts(browser, built_reports):
    out, _ = built_reports
    browser.open((out / "index.html").as_uri())
    time.sleep(0.3)
    assert browser.console_errors() == []
    assert browser.evaluate("document.querySelectorAll('#provinces tbody tr').length") == 63
    assert column_values(browser, 0)[:3] == ["01", "02", "04"]
    browser.evaluate("document.querySelectorAll('#provinces th')[1].click()")  # province name, A to Z
    names = column_values(browser, 1)
    assert names[0].startswith("An Giang") and names != sorted(names, reverse=True)
    browser.evaluate("document.querySelectorAll('#provinces th')[3].click()")  # staff, ascending
    staff = [float(v) for v in column_values(browser, 3) if v]
    assert staff == sorted(staff) and len(staff) == 62  # every province but Kon Tum, which sent no return
    browser.evaluate("document.querySelectorAll('#provinces th')[3].click()")  # staff, descending
    staff = [float(v) for v in column_values(browser, 3) if v]
    assert staff == sorted(staff, reverse=True)
    assert browser.evaluate("document.querySelectorAll('#provinces th')[3].getAttribute('aria-sort')") == "descending"
    assert browser.console_errors() == []


def test_national_report_screenshot_is_not_blank(browser, built_reports):
    from PIL import Image

    out, _ = built_reports
    browser.open((out / "national.html").as_uri())
    assert browser.console_errors() == []
    shot = browser.call("Page.captureScreenshot", format="png")
    image = Image.open(io.BytesIO(base64.b64decode(shot["data"]))).convert("L")
    histogram = image.histogram()
    non_white = sum(histogram[:240]) / (image.width * image.height)
    assert image.width >= 800 and non_white > 0.02, f"only {non_white:.1%} of the page is not white"
    assert browser.evaluate("document.images.length") >= 3
    assert browser.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
