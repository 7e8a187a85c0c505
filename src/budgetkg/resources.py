"""The one typed accessor for packaged artefacts (ontology, shapes, queries), via importlib.resources."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

from rdflib import Graph

ONTOLOGY_PACKAGE = "budgetkg.ontology"
SHAPES_PACKAGE = "budgetkg.shapes"
QUERIES_PACKAGE = "budgetkg.queries"
WEB_PACKAGE = "budgetkg.export"  # web/: the HTML view's template, script and vendored cytoscape.js
WORKBENCH_PACKAGE = "budgetkg.workbench"  # web/: the query page of budgetkg serve


def _files(package: str, suffix: str) -> list[Traversable]:
    return sorted((f for f in resources.files(package).iterdir() if f.name.endswith(suffix)), key=lambda f: f.name)


def ontology_text() -> str:
    """The Turtle source of ``budget.ttl``."""
    return resources.files(ONTOLOGY_PACKAGE).joinpath("budget.ttl").read_text(encoding="utf-8")


def ontology_graph() -> Graph:
    return Graph().parse(data=ontology_text(), format="turtle")


def shape_files() -> list[Traversable]:
    """Every ``*.shapes.ttl`` file, by name."""
    return _files(SHAPES_PACKAGE, ".shapes.ttl")


def query_files() -> dict[str, Traversable]:
    """Every ``*.rq`` file, keyed by its name without the suffix."""
    return {f.name[: -len(".rq")]: f for f in _files(QUERIES_PACKAGE, ".rq")}


def read_text(item: Traversable) -> str:
    return item.read_text(encoding="utf-8")


def issuers_graph() -> Graph:
    """``issuers.ttl``: the issuing bodies of 发文字号 prefixes that budgetkg resolves (policy layer)."""
    text = resources.files(ONTOLOGY_PACKAGE).joinpath("issuers.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def web_asset(name: str) -> str:
    """A file of the HTML view (``view.html``, ``view.js``, ``cytoscape.min.js``) from ``budgetkg/export/web``."""
    return resources.files(WEB_PACKAGE).joinpath("web", name).read_text(encoding="utf-8")


def export_query(name: str) -> str:
    """The SPARQL that gathers one table of the tabular export (``budgetkg/export/tables/<name>.rq``)."""
    return resources.files(WEB_PACKAGE).joinpath("tables", f"{name}.rq").read_text(encoding="utf-8")


def workbench_asset(name: str) -> str:
    """A file of the query page of ``budgetkg serve`` (``index.html``, ``workbench.js``, ``workbench.css``)."""
    return resources.files(WORKBENCH_PACKAGE).joinpath("web", name).read_text(encoding="utf-8")
