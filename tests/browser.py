"""Headless Chromium for the browser tests, with the network blocked, started and stopped by the test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

BASE_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1400,900",
)


def unavailable(reason: str) -> None:
    """Fail in CI (which must install the browser), skip elsewhere."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI must install the Debian packages chromium and chromium-driver, and selenium)")
    pytest.skip(reason)


@contextmanager
def headless_chromium(network_flags: tuple[str, ...]) -> Iterator[object]:
    """A selenium driver for Debian's chromium with ``BASE_FLAGS`` and the caller's network-blocking flags."""
    try:
        # selenium is a test-only dependency, imported where a browser test runs
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        unavailable("selenium is not installed")
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not binary or not chromedriver:
        unavailable(f"headless Chromium not found (chromium: {binary}, chromedriver: {chromedriver})")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in BASE_FLAGS + network_flags:
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(chromedriver), options=options)
    try:
        yield browser
    finally:
        browser.quit()
