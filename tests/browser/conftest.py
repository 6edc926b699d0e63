"""A real Chromium for the browser tests: Debian's package, never a downloaded browser.

Locally the tests skip, with the reason, only when no Chromium is installed; under CI (the
``CI`` environment variable set, as ``.ci/run`` does) a missing Chromium is a failure, so CI
can never skip them silently.
"""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests import live

DEBIAN_CHROMIUM = "/usr/bin/chromium"
# Root (as in CI containers) cannot use Chromium's sandbox; /dev/shm is small in containers.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]
PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
ARTIFACTS_DIR = PROJECT_DIR / "artifacts" / "browser"


def find_chromium() -> str | None:
    if os.access(DEBIAN_CHROMIUM, os.X_OK):
        return DEBIAN_CHROMIUM
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        reason = (
            f"no Chromium found (neither {DEBIAN_CHROMIUM} nor `chromium` on PATH); "
            "install Debian's package with `apt-get install -y chromium`"
        )
        live.skip_or_fail(reason)
    return path


@pytest.fixture(scope="module")
def browser(chromium_path):
    # Playwright's sync API keeps an event loop on this thread, which makes Django refuse
    # database access ("async context"); the test's own queries are plain synchronous ones.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(
                executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield launched
            finally:
                launched.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="module")
def artifacts_dir() -> Path:
    """``artifacts/browser/`` (git-ignored), emptied of the previous run's screenshots."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS_DIR.glob("*.png"):
        old.unlink()
    return ARTIFACTS_DIR


class Screenshots:
    """Saves ``artifacts/browser/<NN>-<step>.png``, numbered in the order they are taken."""

    def __init__(self, page, directory: Path):
        self.page = page
        self.directory = directory
        self.count = 0

    def __call__(self, step: str) -> Path:
        self.count += 1
        path = self.directory / f"{self.count:02d}-{step}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def page(request, browser, artifacts_dir):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(15_000)
    opened = context.new_page()
    try:
        yield opened
        call_report = getattr(request.node, "report_call", None)
        if call_report is not None and call_report.failed:
            opened.screenshot(path=str(artifacts_dir / f"failed-{request.node.name}.png"))
    finally:
        context.close()


@pytest.fixture
def screenshot(page, artifacts_dir) -> Screenshots:
    return Screenshots(page, artifacts_dir)
