"""``budgetkg serve``: the endpoint answers like the embedded store, the page works offline in Chromium, and the
command stops cleanly and says what is wrong (port in use, no store, a store an ingest holds)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from budgetkg.queries.library import catalogue, run_local, run_remote
from budgetkg.store import KnowledgeStore
from budgetkg.store.remote import select
from tests.browser import headless_chromium
from tests.conftest import ingest_seed_with_cli, run_cli
from tests.queries.servers import free_port

pytestmark = pytest.mark.server
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
QUERIES = catalogue()
# library queries with parameters that match the seed (examples from the headers, and two values of its tables)
CASES = [
    ("provenance", {"value": "947.66"}),
    ("provenance", {"value": "921.60"}),
    ("projects-by-legal-basis", {"number": "内政发[2015]103 号"}),
    ("department-totals", {}),
    ("units", {}),
    ("legal-bases", {}),
    ("three-public-by-unit", {}),
    ("expenditure-by-function", {}),
]
# as printed in baotou-hrss-2025-budget.txt (read off the file): 947.66 is the 合计 of 2080101 行政运行 in 表3
# (支出总表, line 598) and 表5 (line 676); 921.60 is the 合计 and the 基本支出 of 2080106 就业管理事务 on line 600
# (表3) and the 合计 and 基本支出 小计 on line 678 (表5).
PRINTED_947_66 = Counter({("3", "598"): 1, ("5", "676"): 1})
PRINTED_921_60 = Counter({("3", "600"): 2, ("5", "678"): 2})
NETWORK_FLAGS = (
    # the network is blocked: every other host goes to a dead proxy and no name resolves; 127.0.0.1 (the
    # server under test) is reached directly (Chromium bypasses proxies for loopback unless told otherwise)
    "--proxy-server=127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)


class Serving:
    """``python -m budgetkg serve`` in a subprocess on a free loopback port; stopped with SIGINT (Ctrl-C)."""

    def __init__(self, store: Path, folder: Path, *extra: str, ignore_sigint: bool = False) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.out, self.err = folder / f"serve-{self.port}.out", folder / f"serve-{self.port}.err"
        args = [sys.executable, "-m", "budgetkg", "serve", "--store", str(store), "--port", str(self.port), *extra]
        with self.out.open("wb") as out, self.err.open("wb") as err:
            env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
            ignore = (lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if ignore_sigint else None
            self.proc = subprocess.Popen(
                args, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, preexec_fn=ignore
            )
        deadline = time.monotonic() + 60
        while "Ctrl-C stops" not in self.stdout():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"serve did not start: {self.stdout()} {self.stderr()}")
            time.sleep(0.2)

    def stdout(self) -> str:
        return self.out.read_text(encoding="utf-8")

    def stderr(self) -> str:
        return self.err.read_text(encoding="utf-8")

    def children(self) -> list[int]:
        return _children(self.proc.pid)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        return self.proc.returncode


def _children(pid: int) -> list[int]:
    """The pids of the processes ``pid`` started (serve's Oxigraph server), from /proc."""
    try:
        return [int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]
    except FileNotFoundError:  # a thread ended while being read, or the process is gone
        return []


def _get(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _bind(base: str, name: str, params: dict) -> tuple[int, dict]:
    body = json.dumps({"name": name, "params": params}).encode("utf-8")
    status, data = _get(f"{base}/api/bind", body, {"Content-Type": "application/json"})
    return status, json.loads(data)


def _terms(rows: list[dict], columns: list[str]) -> Counter:
    """Rows as a multiset of N-Triples terms: value, datatype and language tag all compared."""
    return Counter(tuple(None if r.get(c) is None else str(r[c]) for c in columns) for r in rows)


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


@pytest.fixture(scope="module")
def seed_store_dir(tmp_path_factory) -> Path:
    return ingest_seed_with_cli(tmp_path_factory.mktemp("served") / "kg")


@pytest.fixture(scope="module")
def served(seed_store_dir, tmp_path_factory):
    serving = Serving(seed_store_dir, tmp_path_factory.mktemp("logs"))
    yield serving
    serving.stop()


@pytest.fixture(scope="module")
def embedded(seed_store_dir, served) -> KnowledgeStore:
    return KnowledgeStore(seed_store_dir, read_only=True)


def test_start_line_names_the_page_the_endpoint_and_the_documents(served) -> None:
    out = served.stdout()
    assert "(read-only, 1 documents)" in out
    assert f"query page: {served.base}/" in out and f"SPARQL endpoint: {served.base}/query" in out
    assert "warning" not in served.stderr()  # no writer, no unfinished write, loopback only


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{'-'.join(p.values())}" for n, p in CASES])
def test_endpoint_gives_the_rows_of_the_embedded_store(served, embedded, name, params) -> None:
    local = run_local(embedded, QUERIES[name], params)
    remote = run_remote(f"{served.base}/query", QUERIES[name], params)  # SPARQLWrapper, parameters as VALUES
    assert remote.columns == local.columns
    assert local.rows, f"{name} {params} matches nothing in the seed: not a comparison"
    assert _terms(remote.rows, local.columns) == _terms(local.rows, local.columns)
    # the text the page puts in its editor is a plain query any client can send: the same rows again
    status, bound = _bind(served.base, name, params)
    assert status == 200, bound
    columns, rows = select(f"{served.base}/query", bound["query"])
    assert columns == local.columns and _terms(rows, columns) == _terms(local.rows, columns)


def test_the_seed_printed_values_are_found_where_the_document_prints_them(served) -> None:
    for value, printed in (("947.66", PRINTED_947_66), ("921.60", PRINTED_921_60)):
        table = run_remote(f"{served.base}/query", QUERIES["provenance"], {"value": value})
        assert Counter((r["table"].value, r["line"].value) for r in table.rows) == printed


def test_page_lists_the_library_with_titles_and_parameters(served) -> None:
    status, page = _get(f"{served.base}/")
    assert status == 200 and b"budgetkg workbench" in page and b"/workbench.js" in page
    assert b"http://" not in page and b"https://" not in page  # nothing fetched from elsewhere
    status, data = _get(f"{served.base}/api/queries")
    listed = {q["name"]: q for q in json.loads(data)}
    assert list(listed) == list(QUERIES)
    assert listed["provenance"]["title"] == QUERIES["provenance"].title
    assert listed["provenance"]["params"] == [
        {"name": "value", "type": "number", "description": QUERIES["provenance"].params[0].description,
         "example": "947.66", "default": None}
    ]  # fmt: skip


def test_bind_reports_bad_values_and_unknown_queries(served) -> None:
    status, answer = _bind(served.base, "provenance", {"value": "九百"})
    assert status == 400 and "'九百' is not a number" in answer["error"]
    status, answer = _bind(served.base, "provenance", {})
    assert status == 400 and "missing parameter(s) value" in answer["error"]
    status, answer = _bind(served.base, "no-such-query", {})
    assert status == 400 and "no query named 'no-such-query'" in answer["error"]


def test_the_store_is_served_read_only(served) -> None:
    update = urllib.parse.urlencode({"update": "CLEAR ALL"}).encode()
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    status, answer = _get(f"{served.base}/update", update, form)
    assert status == 403 and b"--writable" in answer
    status, _ = _get(f"{served.base}/store?default", b"<urn:a> <urn:b> <urn:c> .", {"Content-Type": "text/turtle"})
    assert status == 403
    status, _ = _get(f"{served.base}/query", update, form)  # an update sent to /query is refused by Oxigraph
    assert status == 400
    columns, rows = select(f"{served.base}/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(rows[0]["n"].value) > 10_000


@pytest.fixture(scope="module")
def driver():
    with headless_chromium(NETWORK_FLAGS) as browser:
        yield browser


def _wait(driver, script: str, *args, timeout: float = 60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = driver.execute_script(script, *args)
        if value:
            return value
        time.sleep(0.2)
    status = driver.execute_script("const s = document.getElementById('status'); return s && s.textContent")
    raise AssertionError(f"timed out waiting for: {script} (the page's status line: {status})")


def _result_rows(driver) -> tuple[list[str], list[dict[str, str]]]:
    from selenium.webdriver.common.by import By

    head = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "#results-table thead th")]
    rows = [
        dict(zip(head, [td.text for td in tr.find_elements(By.TAG_NAME, "td")]))
        for tr in driver.find_elements(By.CSS_SELECTOR, "#results-table tbody tr")
    ]
    return head, rows


def test_page_picks_a_library_query_runs_it_and_shows_rows_offline(driver, served, embedded) -> None:
    from PIL import Image, ImageStat
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(f"{served.base}/")
    _wait(driver, "return document.body.getAttribute('data-ready') === 'true'")
    listed = driver.find_elements(By.CSS_SELECTOR, "#library li")
    assert [li.get_attribute("data-name") for li in listed] == list(QUERIES)
    driver.find_element(By.CSS_SELECTOR, '#library li[data-name="provenance"]').click()
    _wait(driver, "return document.getElementById('editor').value.includes('VALUES (?value)')")
    assert driver.find_element(By.ID, "chosen-title").text == QUERIES["provenance"].title
    assert driver.find_element(By.CSS_SELECTOR, 'input[data-param="value"]').get_attribute("value") == "947.66"
    driver.find_element(By.ID, "run").click()
    _wait(driver, "return document.querySelectorAll('#results-table tbody tr').length > 0")
    head, rows = _result_rows(driver)
    local = run_local(embedded, QUERIES["provenance"], {"value": "947.66"})
    assert head == local.columns
    assert Counter((r["table"], r["line"]) for r in rows) == PRINTED_947_66
    assert driver.find_element(By.ID, "status").text.startswith("2 rows in ")

    # a new value typed into the parameter field, Enter: bound again and run
    field = driver.find_element(By.CSS_SELECTOR, 'input[data-param="value"]')
    field.clear()
    field.send_keys("921.60", Keys.ENTER)
    _wait(driver, "return document.getElementById('status').textContent.startsWith('4 rows')")
    assert Counter((r["table"], r["line"]) for r in _result_rows(driver)[1]) == PRINTED_921_60
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources and all(url.startswith(f"{served.base}/") for url in resources), resources

    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "serve-workbench.png"
    driver.save_screenshot(str(path))
    print(f"\nscreenshot: {path}")
    variance = ImageStat.Stat(Image.open(path).convert("L")).var[0]
    assert variance > 50, f"{path} looks blank (grey-level variance {variance:.1f})"


def test_page_shows_the_endpoint_error_of_a_bad_query(driver, served) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{served.base}/")
    _wait(driver, "return document.body.getAttribute('data-ready') === 'true'")
    driver.execute_script("document.getElementById('editor').value = 'SELECT * WHERE { ?s ?p }'")
    driver.find_element(By.ID, "run").click()
    _wait(driver, "return document.getElementById('status').className === 'error'")
    assert driver.find_element(By.ID, "status").text.startswith("HTTP 400")


@pytest.mark.parametrize("inherited", ["default", "ignored"])
def test_ctrl_c_stops_the_front_and_the_oxigraph_server(seed_store_dir, tmp_path, inherited) -> None:
    # "ignored": serve started in the background of a shell script, which starts it with SIGINT ignored
    serving = Serving(seed_store_dir, tmp_path, ignore_sigint=inherited == "ignored")
    children = serving.children()
    assert len(children) == 1 and "oxigraph" in Path(f"/proc/{children[0]}/cmdline").read_text()
    assert serving.stop() == 0
    assert "stopping" in serving.stdout()
    assert not _alive(children[0])
    with socket.socket() as s:  # the port is free again
        s.bind(("127.0.0.1", serving.port))


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_stop_during_the_start_up_leaves_nothing_behind(seed_store_dir, tmp_path, signum) -> None:
    args = [sys.executable, "-m", "budgetkg", "serve", "--store", str(seed_store_dir), "--port", str(free_port())]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    children: list[int] = []
    deadline = time.monotonic() + 60
    while not children and proc.poll() is None and time.monotonic() < deadline:
        children = _children(proc.pid)
        time.sleep(0.01)
    assert children, "the Oxigraph server was never started"
    proc.send_signal(signum)  # as soon as the server process exists, before it answers or serve announces
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, out + err
    assert "stopping" in out and "internal error" not in err
    time.sleep(0.5)
    assert not any(_alive(pid) for pid in children)


def test_a_dead_oxigraph_server_ends_serve_with_an_error(seed_store_dir, tmp_path) -> None:
    serving = Serving(seed_store_dir, tmp_path)
    os.kill(serving.children()[0], signal.SIGKILL)
    assert serving.proc.wait(timeout=20) == 2
    assert "the Oxigraph server stopped unexpectedly" in serving.stderr()


def test_a_port_in_use_is_a_clear_error(seed_store_dir) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--store", str(seed_store_dir), "--port", str(port), timeout=60)
    assert result.returncode == 2
    assert f"error: port {port} on 127.0.0.1 is in use" in result.stderr and f"--port {port + 1}" in result.stderr


def test_a_missing_store_says_to_ingest_first(tmp_path) -> None:
    result = run_cli("serve", "--store", str(tmp_path / "none"), "--port", str(free_port()), timeout=60)
    assert result.returncode == 2
    assert "there is no store here (ingest documents first: budgetkg ingest FILE --store" in result.stderr
    result = run_cli("serve", "--store", str(tmp_path), "--port", str(free_port()), timeout=60)
    assert result.returncode == 2 and "is not a budgetkg store" in result.stderr


HOLDER = """
import sys
from budgetkg.store import STAGING_SUFFIX, KnowledgeStore
from budgetkg.store.terms import NamedNode, Quad

store = KnowledgeStore(sys.argv[1])
graph = store.graphs()[0]
first = next(store.quads(graph))
store.add_quads([Quad(first.subject, first.predicate, first.object, NamedNode(graph + STAGING_SUFFIX))])
store.flush()
print("open", flush=True)
sys.stdin.read()
"""


def test_a_store_held_by_a_running_ingest(seed_store_dir, tmp_path) -> None:
    copy = tmp_path / "kg"
    shutil.copytree(seed_store_dir, copy, ignore=shutil.ignore_patterns("LOCK"))
    holder = subprocess.Popen(  # a writer that keeps the store open, in the middle of replacing a document
        [sys.executable, "-c", HOLDER, str(copy)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        result = run_cli("serve", "--store", str(copy), "--writable", "--port", str(free_port()), timeout=60)
        assert result.returncode == 2, result.stdout + result.stderr
        assert f"the store is locked by another process (pid {holder.pid}, a running ingest?)" in result.stderr
        assert "serve the store read-only (without --writable)" in result.stderr
        serving = Serving(copy, tmp_path)
        try:
            assert f"being written by another process (pid {holder.pid}" in serving.stderr()
            assert "restart budgetkg serve when that process has finished" in serving.stderr()
            assert "the store holds 1 graph(s) of a write that had not finished" in serving.stderr()
            table = run_remote(f"{serving.base}/query", QUERIES["provenance"], {"value": "947.66"})
            assert Counter((r["table"].value, r["line"].value) for r in table.rows) == PRINTED_947_66
        finally:
            assert serving.stop() == 0, serving.stdout() + serving.stderr()
    finally:
        holder.stdin.close()
        holder.wait(timeout=20)


def test_a_missing_oxigraph_binary_says_how_to_install_it(tmp_path, monkeypatch) -> None:
    from budgetkg.errors import StoreError
    from budgetkg.store.server import oxigraph_binary

    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(StoreError, match=r"'oxigraph' is not installed \(install it with pip install oxigraph"):
        oxigraph_binary()
