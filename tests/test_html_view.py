"""The offline HTML view: self-contained, and working in headless Chromium with the network blocked."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from budgetkg.export.graph_formats import TYPE_COLOURS
from budgetkg.export.html_view import to_html
from budgetkg.export.projection import ProjectionOptions, project
from tests.browser import headless_chromium
from tests.export_fixture import fixture_store

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
NETWORK_FLAGS = (
    # block the network: every request goes to a dead proxy, loopback included, and no name resolves
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
SEARCHED = ("label", "id", "documentNumber", "notation", "code", "title", "issuer")  # as in web/view.js


def test_html_is_self_contained():
    page = to_html(project(fixture_store(), ProjectionOptions(indicators=True))).decode("utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "the page references a remote resource"
    assert "<link" not in page and "@import" not in page
    assert "cytoscape" in page and "就业补助" in page and "1234567.89" in page
    assert page.count("</script>") == 3  # data, library, view: no embedded text closed a script early


@pytest.fixture(scope="module")
def driver():
    with headless_chromium(NETWORK_FLAGS) as browser:
        yield browser


@pytest.fixture(scope="module")
def seed_view(tmp_path_factory, seed_store):
    folder = tmp_path_factory.mktemp("view")
    graph = project(seed_store, ProjectionOptions())
    page = folder / "seed-policy-network.html"
    page.write_bytes(to_html(graph, title="baotou-hrss-2025-budget"))
    return graph, page


def _wait(driver, script: str, timeout: float = 30.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for: {script}")


def _expected_matches(graph, term: str) -> set[str]:
    term = term.lower()
    return {
        n
        for n, d in graph.nodes(data=True)
        if any(term in str(v).lower() for v in [n] + [d.get(k) for k in SEARCHED if d.get(k) is not None])
    }


def _screenshot(driver, name: str):
    from PIL import Image, ImageStat

    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    print(f"\nscreenshot: {path}")
    image = Image.open(path).convert("RGB")
    return path, image, ImageStat.Stat(image.convert("L")).var[0]


def _has_colour(image, hex_colour: str, tolerance: int = 12) -> bool:
    want = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    raw = image.resize((image.width // 2, image.height // 2), resample=0).tobytes()
    pixels = (raw[i : i + 3] for i in range(0, len(raw), 3))
    return any(all(abs(p[i] - want[i]) <= tolerance for i in range(3)) for p in pixels)


def test_view_renders_searches_and_shows_provenance_offline(driver, seed_view):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    graph, page = seed_view
    driver.get(page.as_uri())
    _wait(driver, "return document.body.getAttribute('data-ready') === 'true'")
    assert driver.execute_script("return window.budgetkgView.cy.nodes().length") == graph.number_of_nodes()
    assert driver.execute_script("return window.budgetkgView.cy.edges().length") == graph.number_of_edges()
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0

    path, image, variance = _screenshot(driver, "export-html-view.png")
    assert variance > 50, f"{path} looks blank (grey-level variance {variance:.1f})"
    for kind in ("PolicyDocument", "Project", "BudgetUnit"):  # nodes drawn in their type's colour
        assert _has_colour(image, TYPE_COLOURS[kind]), f"no {kind} node drawn in {path}"

    term = "内政发"
    expected = _expected_matches(graph, term)
    assert expected
    box = driver.find_element(By.ID, "search")
    box.send_keys(term)
    assert driver.find_element(By.ID, "search-status").text == f"{len(expected)} matches"
    marked = driver.execute_script("return window.budgetkgView.cy.nodes('.match').map(n => n.id())")
    assert set(marked) == expected
    assert driver.execute_script("return window.budgetkgView.cy.elements('.faded').length") > 0

    target = next(n for n in sorted(expected) if graph.nodes[n]["label"] == "内政发〔2015〕103号")
    x, y = driver.execute_script(
        "const p = window.budgetkgView.cy.getElementById(arguments[0]).renderedPosition();return [p.x, p.y];", target
    )
    canvas = driver.find_element(By.ID, "cy")
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - canvas.size["width"] / 2), int(y - canvas.size["height"] / 2)
    ).click().perform()
    _wait(driver, "return document.getElementById('info-title') !== null")
    assert driver.find_element(By.ID, "info-title").text == "内政发〔2015〕103号"
    cells = {
        row.find_element(By.TAG_NAME, "th").text: row.find_element(By.TAG_NAME, "td").text
        for row in driver.find_elements(By.CSS_SELECTOR, "#info-table tr")
    }
    data = graph.nodes[target]
    assert cells["provenance"] == data["provenance"] and "line" in cells["provenance"]
    assert (cells["issuer"], cells["level"], cells["type"]) == (data["issuer"], data["level"], "PolicyDocument")
    _screenshot(driver, "export-html-view-selected.png")


def test_wheel_ships_the_view_and_the_cytoscape_licence(tmp_path):
    import subprocess
    import sys
    import zipfile

    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(root)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    names = set(zipfile.ZipFile(next(tmp_path.glob("budgetkg-*.whl"))).namelist())
    expected = {
        f"budgetkg/export/web/{p.name}" for p in (root / "src" / "budgetkg" / "export" / "web").iterdir() if p.is_file()
    }
    assert {
        "budgetkg/export/web/cytoscape.min.js",
        "budgetkg/export/web/cytoscape.LICENSE",
        "budgetkg/export/web/view.js",
    } <= expected
    assert expected <= names, sorted(expected - names)


def _hidden(driver) -> set[str]:
    return set(
        driver.execute_script("return window.budgetkgView.cy.nodes().filter(n => !n.visible()).map(n => n.id())")
    )


def test_view_filters_by_type_hides_codes_and_sizes_by_amount(driver, seed_view):
    from collections import Counter
    from decimal import Decimal

    from selenium.webdriver.common.by import By

    graph, page = seed_view
    driver.get(page.as_uri())
    _wait(driver, "return document.body.getAttribute('data-ready') === 'true'")
    types = Counter(d["type"] for _, d in graph.nodes(data=True))
    of_type = {t: {n for n, d in graph.nodes(data=True) if d["type"] == t} for t in types}
    assert {"Project", "Code", "PolicyDocument"} <= set(types)

    legend = {e.get_attribute("data-type"): e.text for e in driver.find_elements(By.CSS_SELECTOR, "#legend label")}
    assert set(legend) == set(types)
    for t, n in types.items():
        assert legend[t] == f"{t} ({n})"

    assert _hidden(driver) == set()
    project_box = driver.find_element(By.CSS_SELECTOR, '#legend label[data-type="Project"] input')
    project_box.click()
    assert _hidden(driver) == of_type["Project"]
    project_box.click()
    assert _hidden(driver) == set()

    driver.find_element(By.ID, "hide-codes").click()
    assert _hidden(driver) == of_type["Code"]
    assert not driver.find_element(By.CSS_SELECTOR, '#legend label[data-type="Code"] input').is_selected()
    _screenshot(driver, "export-html-view-no-codes.png")
    driver.find_element(By.ID, "hide-codes").click()
    assert _hidden(driver) == set()

    widths = driver.execute_script(
        "return Object.fromEntries(window.budgetkgView.cy.nodes().map(n => [n.id(), n.width()]))"
    )
    amounts = sorted((Decimal(d["amount"]), n) for n, d in graph.nodes(data=True) if d.get("amount"))
    assert len(amounts) > 5
    for (a, small), (b, large) in zip(amounts, amounts[1:]):
        assert widths[small] <= widths[large], (small, a, large, b)
    assert widths[amounts[0][1]] < widths[amounts[-1][1]]
    without = [n for n, d in graph.nodes(data=True) if not d.get("amount")]
    assert all(widths[n] < widths[amounts[-1][1]] for n in without)

    driver.find_element(By.ID, "size-by-amount").click()
    uniform = driver.execute_script("return window.budgetkgView.cy.nodes().map(n => n.width())")
    assert len(set(uniform)) == 1
    driver.find_element(By.ID, "size-by-amount").click()
    assert (
        driver.execute_script("return Object.fromEntries(window.budgetkgView.cy.nodes().map(n => [n.id(), n.width()]))")
        == widths
    )
