"""A join order and filter placement for rdflib, the reference engine's SPARQL evaluator.

rdflib orders a group's triple patterns by their constants alone and tests the group's FILTERs after the
whole group is joined. pyshacl binds ``$this`` before it runs a rule's query, so a rule whose patterns also
name a table kind joined whole tables for every focus node (minutes per rule on one document). ``plan``
rewrites a parsed query in place: each basic graph pattern starts from what is bound (and rdflib's own
reordering at evaluation is skipped for it), each FILTER condition that reads only variables of the group's
first basic graph pattern (and no EXISTS) is tested as soon as they are bound, and a join rdflib evaluates
bottom-up (one side holds a sub-select) skips its right side when the left has no solution and evaluates it
once per graph and binding it can see. Only the order and the number of evaluations change, never the
answers.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import BNode, Literal, Variable
from rdflib.plugins.sparql import CUSTOM_EVALS
from rdflib.plugins.sparql.evaluate import evalBGP, evalPart
from rdflib.plugins.sparql.evalutils import _join
from rdflib.plugins.sparql.operators import and_
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import FrozenBindings, QueryContext

# Variables pyshacl binds before it runs a SHACL-SPARQL constraint (sh:sparql; no constraint components here).
PRE_BOUND = frozenset(Variable(name) for name in ("this", "currentShape", "shapesGraph"))

Pattern = tuple[object, object, object]
# Nodes a group's first basic graph pattern is reached through, with the child that holds it; a FILTER
# condition on that pattern's variables means the same tested there or after them.
EXISTS = ("Builtin_EXISTS", "Builtin_NOTEXISTS")
SPINE = {"Extend": "p", "LeftJoin": "p1", "Join": "p1", "Filter": "p", "Minus": "p1"}


def item(node: CompValue, key: str) -> object:
    """A node's value under ``key``, or None (``CompValue.get`` answers the key itself when it is missing)."""
    return node[key] if key in node else None


def is_variable(term: object) -> bool:
    return isinstance(term, (Variable, BNode))


def bound_first(patterns: list[Pattern], known: frozenset = PRE_BOUND) -> list[Pattern]:
    """The patterns in a greedy join order. Next comes the one with most positions bound (a constant, a
    pre-bound variable or one an earlier pattern binds); among those, one whose subject is bound (a look-up
    of one node), then one whose object is a literal (a table kind, a label: few matches) before one joined
    through a bound variable before a class or scheme IRI (many matches), then the one that joins the most
    recently bound variable (a walk outward from ``$this``), then the given order."""
    age: dict[object, int] = {v: 0 for v in known}

    def score(pattern: Pattern) -> tuple[int, int, int, int]:
        s, _p, o = pattern
        free = [t for t in pattern if is_variable(t) and t not in age]
        subject_bound = not is_variable(s) or s in age
        if isinstance(o, Literal):
            object_rank = 2
        elif is_variable(o):
            object_rank = 1 if o in age else 0
        else:
            object_rank = 0
        recency = max((age[t] for t in pattern if is_variable(t) and t in age), default=-1)
        return (3 - len(free), int(subject_bound), object_rank, recency)

    rest, ordered = list(patterns), []
    while rest:
        best = max(range(len(rest)), key=lambda i: (score(rest[i]), -i))
        ordered.append(rest.pop(best))
        for t in ordered[-1]:
            if is_variable(t) and t not in age:
                age[t] = len(ordered)
    return ordered


def mentioned(node: object) -> set:
    """Every variable a part of the query mentions (the solutions an EXISTS sees bind at most these)."""
    if is_variable(node):
        return {node}
    if isinstance(node, CompValue):
        found = set().union(*(mentioned(v) for v in node.values())) if node else set()
        if node.name in EXISTS:
            found |= mentioned(node.graph)  # the translated pattern is an attribute, not an item
        return found
    if isinstance(node, (list, tuple, set, frozenset)):
        return set().union(*(mentioned(v) for v in node)) if node else set()
    return set()


def conjuncts(expr: object) -> list[object]:
    """The conditions of a FILTER expression joined by ``&&``."""
    if isinstance(expr, CompValue) and expr.name == "ConditionalAndExpression":
        return [part for e in [expr.expr, *(expr.other or [])] for part in conjuncts(e)]
    return [expr]


def variables_of(expr: object) -> set[Variable] | None:
    """The variables an expression reads, or None when it holds an EXISTS (which reads the whole solution)."""
    if isinstance(expr, Variable):
        return {expr}
    if isinstance(expr, CompValue):
        if expr.name in EXISTS:
            return None
        children = list(expr.values())
    elif isinstance(expr, (list, tuple)):
        children = list(expr)
    else:
        return set()
    found: set[Variable] = set()
    for child in children:
        inner = variables_of(child)
        if inner is None:
            return None
        found |= inner
    return found


def first_bgp(node: CompValue) -> tuple[CompValue, str] | None:
    """The parent and key of the group's first non-empty basic graph pattern, following ``SPINE``."""
    while node.name in SPINE:
        key = SPINE[node.name]
        if node.name == "Join" and is_empty_bgp(node.p1):
            key = "p2"
        child = item(node, key)
        if isinstance(child, CompValue) and child.name == "BGP":
            return (node, key) if item(child, "triples") else None
        if not isinstance(child, CompValue):
            return None
        node = child
    return None


def is_empty_bgp(node: object) -> bool:
    return isinstance(node, CompValue) and node.name == "BGP" and not item(node, "triples")


def filtered_bgp(bgp: CompValue, tests: list[object], template: CompValue, known: frozenset) -> CompValue:
    """The BGP as lazy joins of its pieces, each condition tested right after the pattern that binds its last
    variable."""
    triples, bound, acc, start = list(bgp["triples"]), set(known), None, 0
    pending = [(t, variables_of(t) or set()) for t in tests]
    for i, triple in enumerate(triples):
        bound.update(t for t in triple if is_variable(t))
        ready = [t for t, needs in pending if needs <= bound]
        if not ready and i < len(triples) - 1:
            continue
        piece = CompValue("BGP", triples=triples[start : i + 1], _vars=item(bgp, "_vars"), planned=True)
        acc = piece if acc is None else CompValue("Join", p1=acc, p2=piece, lazy=True, _vars=item(bgp, "_vars"))
        if ready:
            acc = CompValue(
                "Filter",
                expr=and_(*ready),
                p=acc,
                _vars=item(template, "_vars"),
                no_isolated_scope=template.no_isolated_scope,
            )
            pending = [(t, needs) for t, needs in pending if not needs <= bound]
        start = i + 1
    return acc


def push_filter(node: CompValue, known: frozenset) -> None:
    """Move the conditions of a Filter node that read only its first BGP's variables into that BGP."""
    found = first_bgp(node["p"]) if isinstance(item(node, "p"), CompValue) else None
    if found is None:
        return
    parent, key = found
    bgp = parent[key]
    in_bgp = {t for triple in bgp["triples"] for t in triple if is_variable(t)} | known
    movable, kept = [], []
    for condition in conjuncts(node["expr"]):
        needs = variables_of(condition)
        (movable if needs is not None and needs <= in_bgp else kept).append(condition)
    if not movable:
        return
    parent[key] = filtered_bgp(bgp, movable, node, known)
    node["expr"] = and_(*kept) if kept else Literal(True)


def plan(node: object, known: frozenset = PRE_BOUND) -> None:
    """Every basic graph pattern of a parsed query in ``bound_first`` order and its group's conditions
    tested as early as they can be, in place. ``known``: the variables bound where ``node`` is evaluated;
    an EXISTS is evaluated with the solution of the pattern its FILTER or BIND reads."""
    if isinstance(node, CompValue):
        if node.name == "BGP" and item(node, "triples"):
            node["triples"] = bound_first(list(node["triples"]), known)
            node["planned"] = True
        if node.name == "Join" and not item(node, "lazy"):
            node["once"] = frozenset(mentioned(item(node, "p2")))
        inner = known
        if node.name in ("Filter", "Extend") and isinstance(item(node, "p"), CompValue):
            inner = known | frozenset(mentioned(node["p"]))
        for key, value in list(node.items()):
            plan(value, inner if key == "expr" else known)
        if node.name in EXISTS:
            plan(node.graph, known)  # rdflib keeps the translated pattern as an attribute, not an item
        if node.name == "Filter":
            push_filter(node, known)
    elif isinstance(node, list):
        for value in node:
            plan(value, known)


def evaluate_planned(ctx: QueryContext, part: CompValue) -> Iterator:
    """rdflib's evaluation of the parts ``plan`` marked (an rdflib custom evaluation function; every other
    part raises NotImplementedError and rdflib evaluates it as usual)."""
    if part.name == "BGP" and item(part, "planned"):
        return evalBGP(ctx, part["triples"])  # in the planned order: no re-sort by the bindings at the start
    if part.name == "Join" and item(part, "once") is not None:
        return join_once(ctx, part)
    raise NotImplementedError


def join_once(ctx: QueryContext, part: CompValue) -> Iterator:
    """A bottom-up join: nothing when the left side has no solution; the right side evaluated once per graph
    (on a graph that offers a ``join_memo`` dict), per value of every variable it mentions and per set of
    variables bound where it runs. rdflib's right-side solutions also carry the bindings of where they ran;
    a kept solution carries the current ones instead."""
    left = list(evalPart(ctx, part["p1"]))
    if not left:
        return iter(())
    memo = getattr(ctx.graph, "join_memo", None)
    if memo is None:
        return _join(left, set(evalPart(ctx, part["p2"])))
    mentions = part["once"]
    bound = ctx.solution()
    key = (id(part), tuple(bound.get(v) for v in sorted(mentions)), frozenset(bound.keys()))
    if key not in memo:
        memo[key] = [
            ({v: s[v] for v in s if v in mentions}, tuple(v for v in s if v not in mentions))
            for s in set(evalPart(ctx, part["p2"]))
        ]
    right = {FrozenBindings(ctx, [*own.items(), *((v, bound[v]) for v in carried)]) for own, carried in memo[key]}
    return _join(left, right)


CUSTOM_EVALS["budgetkg-plan"] = evaluate_planned
