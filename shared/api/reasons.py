"""Which problems an operation can answer with, collected from the code it runs.

Every refusal is an instance of the one error hierarchy (``shared.errors``): its class gives
the HTTP status and the problem's ``code``, its ``reason`` (``reason_code`` in the problem) is
a string written where it is raised. This module reads the source (``ast``) of the route
function and of its dependencies, follows every function they name (called, or passed on as
``commands.execute(handlers.include_member, ...)`` passes its handler) through the service's
package and ``shared``, and collects each error constructed on the way: its status, its
``code`` and its ``reason``.

A name is followed to what the module that uses it binds it to: a function or class defined
there, or imported (``from pkg.module import function as alias``), and a module's attribute
(``handlers.include_member`` after ``from pkg import module as handlers``, ``module.function``,
``package.module.function``) to the definition in that module's file; ``self.method`` to its
own class's method. A name bound otherwise (an inherited method, a name imported from outside
the service and ``shared``) is followed by its name alone, and a method called on an object
(``meeting.open``) to an aggregate's method of that name: where few define it (a name defined
in many places, such as ``run`` or ``apply``, is not followed: every operation would answer
with every reason).

The result errs on the side of listing: a reason is listed when the operation's code can reach
the place that raises it, whatever the state it needs.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final

from shared.errors import KelisimError

ROOT: Final = Path(__file__).resolve().parents[2]
_AMBIGUOUS: Final = 6
"""A name defined in more places than this is not followed."""
_AMBIGUOUS_METHOD: Final = 2
"""Nor an attribute (``member.approve``, ``handlers.include_member``) defined in more."""
_SKIPPED_DIRS: Final = frozenset(
    # Not run by a request: tests, migrations, the relay and consumer, the command line.
    {"tests", "migrations", "__pycache__", "static", "testing", "runtime", "messaging", "demo"}
)


@dataclass(frozen=True)
class Raised:
    status: int
    code: str
    reason: str | None


@dataclass
class _ErrorClass:
    name: str
    bases: list[str]
    status: int | None = None
    code: str | None = None
    reasons: set[str] = field(default_factory=set)


@dataclass
class _Index:
    functions: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]]
    domain: set[int]
    """The ids of the functions defined in a ``domain`` package (an aggregate's methods)."""
    modules: set[str]
    """The names of the modules in scope (``handlers`` in ``handlers.include_member``)."""
    classes: dict[str, list[ast.ClassDef]]
    errors: dict[str, tuple[int, str, frozenset[str]]]
    """Error class name: status, code and the reasons its constructor sets itself."""
    files: dict[Path, _File] = field(default_factory=dict)
    origin: dict[int, Path] = field(default_factory=dict)
    """The id of each indexed function: the file that defines it."""
    methods: dict[int, ast.ClassDef] = field(default_factory=dict)
    """The id of each function defined in a class's body: that class."""


@dataclass
class _File:
    """What one module binds: the names it imports and the names it defines at its top."""

    imports: dict[str, tuple[str, str | None]]
    """A bound name: the module it names and, for an object imported from it, its name."""
    defined: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef]]


def _files(scope: str) -> Iterator[Path]:
    for base in (ROOT / "shared", ROOT / "services" / scope):
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.py")):
            if not _SKIPPED_DIRS & set(path.relative_to(base).parts):
                yield path


@cache
def _parse(path: Path) -> ast.Module:
    """A module's tree, parsed once for every service's index."""
    return ast.parse(path.read_text(encoding="utf-8"))


@cache
def _index(scope: str) -> _Index:
    functions: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = defaultdict(list)
    classes: dict[str, list[ast.ClassDef]] = defaultdict(list)
    domain: set[int] = set()
    modules: set[str] = set()
    origin: dict[int, Path] = {}
    methods: dict[int, ast.ClassDef] = {}
    paths = list(_files(scope))
    for path in paths:
        tree = _parse(path)
        modules.add(path.stem)
        in_domain = "domain" in path.parts
        for node in _statements(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                functions[node.name].append(node)
                origin[id(node)] = path
                if in_domain:
                    domain.add(id(node))
            elif isinstance(node, ast.ClassDef):
                classes[node.name].append(node)
                methods |= {
                    id(f): node
                    for f in node.body
                    if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
                }
    known = set(paths)
    files = {path: _bindings(_parse(path), known) for path in paths}
    return _Index(
        dict(functions),
        domain,
        modules,
        dict(classes),
        _error_classes(classes),
        files,
        origin,
        methods,
    )


def _module_file(module: str, known: Collection[Path]) -> Path | None:
    """The indexed file of a dotted module name (``services.council.application.meetings``)."""
    base = ROOT.joinpath(*module.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path in known:
            return path
    return None


def _bindings(tree: ast.Module, known: Collection[Path]) -> _File:
    imports: dict[str, tuple[str, str | None]] = {}
    for node in _statements(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname is not None:
                    imports[alias.asname] = (alias.name, None)
                else:  # import a.b binds a
                    first = alias.name.split(".")[0]
                    imports[first] = (first, None)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                bound = alias.asname or alias.name
                submodule = f"{node.module}.{alias.name}"
                if _module_file(submodule, known) is not None:
                    imports[bound] = (submodule, None)
                else:
                    imports[bound] = (node.module, alias.name)
    defined: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef]] = {}
    for statement in tree.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            defined.setdefault(statement.name, []).append(statement)
    return _File(imports, defined)


def _statements(tree: ast.AST) -> Iterator[ast.stmt]:
    """Every statement of a module, nested ones included (definitions are statements: no
    need to walk the expressions, most of a tree)."""
    stack = list(getattr(tree, "body", ()))
    while stack:
        node = stack.pop()
        yield node
        for name in ("body", "orelse", "finalbody", "handlers"):
            stack.extend(getattr(node, name, ()))
        for case in getattr(node, "cases", ()):
            stack.extend(case.body)


def _base_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _error_classes(
    classes: dict[str, list[ast.ClassDef]],
) -> dict[str, tuple[int, str, frozenset[str]]]:
    found = {
        cls.__name__: _ErrorClass(cls.__name__, [], cls.status, cls.code)
        for cls in _hierarchy(KelisimError)
    }
    changed = True
    while changed:
        changed = False
        for name, defs in classes.items():
            if name in found:
                continue
            for node in defs:
                bases = [b for b in map(_base_name, node.bases) if b]
                if any(b in found for b in bases):
                    found[name] = _own_error(node, bases)
                    changed = True
                    break
    resolved: dict[str, tuple[int, str, frozenset[str]]] = {}
    for name in found:
        status, code, reasons = _inherited(found, name, set())
        resolved[name] = (status, code, frozenset(reasons))
    return resolved


def _hierarchy(cls: type[KelisimError]) -> Iterator[type[KelisimError]]:
    yield cls
    for sub in cls.__subclasses__():
        if sub.__module__ == "shared.errors":
            yield from _hierarchy(sub)


def _own_error(node: ast.ClassDef, bases: list[str]) -> _ErrorClass:
    error = _ErrorClass(node.name, bases)
    for statement in node.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = _base_name(statement.targets[0])
            value = statement.value
            if (
                target == "status"
                and isinstance(value, ast.Constant)
                and isinstance(value.value, int)
            ):
                error.status = int(value.value)
            if target == "code" and isinstance(value, ast.Constant):
                error.code = str(value.value)
    for call in ast.walk(node):
        if isinstance(call, ast.Call) and _base_name(call.func) == "__init__":
            error.reasons |= _call_reasons(call, rule_violation=None)
    return error


def _inherited(
    found: dict[str, _ErrorClass], name: str, seen: set[str]
) -> tuple[int, str, set[str]]:
    error = found[name]
    status, code, reasons = error.status, error.code, set(error.reasons)
    for base in error.bases:
        if base in found and base not in seen:
            b_status, b_code, _ = _inherited(found, base, seen | {name})
            status = status if status is not None else b_status
            code = code if code is not None else b_code
    return status or 500, code or "internal_error", reasons


def _call_reasons(call: ast.Call, rule_violation: bool | None) -> set[str]:
    """The reasons a constructor call sets: ``reason="..."``, or a rule violation's second
    argument (``RuleViolation("Reg2002 §14", "not_submitted")``). Where the class is not known
    (``super().__init__`` in an error class), two leading strings are taken as a rule and its
    reason."""
    reasons = {
        k.value.value
        for k in call.keywords
        if k.arg in ("reason", "reason_code")
        and isinstance(k.value, ast.Constant)
        and isinstance(k.value.value, str)
    }
    strings = [a.value for a in call.args[:2] if isinstance(a, ast.Constant)]
    if rule_violation is not False and len(call.args) >= 2:
        second = call.args[1]
        known = rule_violation or (len(strings) == 2 and isinstance(strings[0], str))
        if known and isinstance(second, ast.Constant) and isinstance(second.value, str):
            reasons.add(second.value)
    return reasons


@cache
def _rule_violation_names(scope: str) -> frozenset[str]:
    index = _index(scope)
    names = {"RuleViolation"}
    changed = True
    while changed:
        changed = False
        for name, defs in index.classes.items():
            if name in names or name not in index.errors:
                continue
            own_init = any(
                isinstance(f, ast.FunctionDef) and f.name == "__init__"
                for d in defs
                for f in d.body
            )
            if not own_init and any(b in names for d in defs for b in map(_base_name, d.bases)):
                names.add(name)  # constructed as RuleViolation is: (rule, reason, ...)
                changed = True
    return frozenset(names)


def _scope_of(call: Callable[..., Any]) -> str:
    module = getattr(call, "__module__", "") or ""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "services" else "shared"


@cache
def _source_tree(call: Callable[..., Any]) -> ast.AST | None:
    try:
        return ast.parse(textwrap.dedent(inspect.getsource(call)))
    except (OSError, TypeError, SyntaxError):
        return None


def raised(calls: list[Callable[..., Any]], scope: str) -> set[Raised]:
    """Every error the code of ``calls`` can construct, following the names it uses."""
    found: set[Raised] = set()
    visited: set[int] = set()
    index = _index(scope)
    trees = (_definition(index, call) or _source_tree(call) for call in calls)
    stack: list[ast.AST] = [t for t in trees if t is not None]
    while stack:
        tree = stack.pop()
        errors, followed = _summary(scope, tree)
        found |= errors
        for definition in followed:
            if id(definition) not in visited:
                visited.add(id(definition))
                stack.append(definition)
    return found


def _definition(index: _Index, call: Callable[..., Any]) -> ast.AST | None:
    """The indexed definition of ``call`` (its file's names then resolve as that file binds
    them); None for a callable defined elsewhere."""
    function = inspect.unwrap(call)
    try:
        source = inspect.getsourcefile(function)
        first = function.__code__.co_firstlineno
        name = function.__name__
    except (TypeError, AttributeError):
        return None
    path = Path(source).resolve() if source else None
    if path is None or path not in index.files:
        return None
    for node in _statements(_parse(path)):
        if (
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.name == name
            and min([node.lineno, *(d.lineno for d in node.decorator_list)]) == first
        ):
            return node
    return None


_SUMMARIES: dict[tuple[str, int], tuple[frozenset[Raised], tuple[ast.AST, ...]]] = {}


def _summary(scope: str, tree: ast.AST) -> tuple[frozenset[Raised], tuple[ast.AST, ...]]:
    """The errors one function constructs itself and the definitions it names, read once
    (the indexed definitions live as long as the index: their ids stay theirs)."""
    key = (scope, id(tree))
    cached = _SUMMARIES.get(key)
    if cached is not None and cached[1] is not None:
        return cached
    index = _index(scope)
    violations = _rule_violation_names(scope)
    local = _locals(tree)
    path = index.origin.get(id(tree))
    bindings = None if path is None else index.files.get(path)
    own_class = index.methods.get(id(tree))
    found: set[Raised] = set()
    followed: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _base_name(node.func)
            if name in index.errors:
                status, code, own = index.errors[name]
                reasons = own | _call_reasons(node, rule_violation=name in violations)
                found |= {Raised(status, code, r) for r in reasons} or {Raised(status, code, None)}
        if isinstance(node, ast.Name | ast.Attribute) and isinstance(node.ctx, ast.Load):
            bound = _own_method(own_class, node) or _bound(index, bindings, node, local)
            followed += _followed(index, node, local) if bound is None else bound
    summary = (frozenset(found), tuple(followed))
    if _is_indexed(index, tree):
        _SUMMARIES[key] = summary
    return summary


def _is_indexed(index: _Index, tree: ast.AST) -> bool:
    """A definition of the index (kept alive by it), not a route's source parsed on the fly."""
    name = getattr(tree, "name", None)
    return isinstance(name, str) and any(d is tree for d in index.functions.get(name, ()))


def _locals(tree: ast.AST) -> set[str]:
    """The names a function binds itself (parameters, assignments: variables, not functions;
    its own nested functions, such as a unit of work's ``work``: their code is the function's,
    walked with it)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            names.add(node.id)
        elif node is not tree and isinstance(
            node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
        ):
            names.add(node.name)
    return names


def _own_method(
    own_class: ast.ClassDef | None, node: ast.Name | ast.Attribute
) -> list[ast.AST] | None:
    """``self.method`` in a method: the method its own class defines (an inherited one is
    found by its name)."""
    if (
        own_class is None
        or not isinstance(node, ast.Attribute)
        or not isinstance(node.value, ast.Name)
        or node.value.id not in ("self", "cls")
    ):
        return None
    found: list[ast.AST] = [
        f
        for f in own_class.body
        if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef) and f.name == node.attr
    ]
    return found or None


def _bound(
    index: _Index, bindings: _File | None, node: ast.Name | ast.Attribute, local: set[str]
) -> list[ast.AST] | None:
    """The definitions a name leads to as its module binds it: a function or class defined
    there or imported from an indexed module, or a function of an indexed module named through
    the module (``handlers.convene_meeting``, ``projections.meetings.meeting_gaps``). None
    where the module's bindings do not say (a local, an object's method, a name from outside
    the index): the name alone decides (``_followed``)."""
    if bindings is None:
        return None
    if isinstance(node, ast.Name):
        if node.id in local:
            return None
        if node.id in bindings.imports:
            source, original = bindings.imports[node.id]
            return [] if original is None else _defined_in(index, source, original)
        if node.id in bindings.defined:
            return _constructors(index, node.id, bindings.defined[node.id])
        return None
    owner = _module_named(bindings, node.value, local)
    return None if owner is None else _defined_in(index, owner, node.attr)


def _module_named(bindings: _File, node: ast.expr, local: set[str]) -> str | None:
    """The dotted name of the module an expression names, as the module binds it."""
    if isinstance(node, ast.Name):
        if node.id in local:
            return None
        bound = bindings.imports.get(node.id)
        return bound[0] if bound is not None and bound[1] is None else None
    if isinstance(node, ast.Attribute):
        owner = _module_named(bindings, node.value, local)
        return None if owner is None else f"{owner}.{node.attr}"
    return None


def _defined_in(index: _Index, module: str, name: str) -> list[ast.AST] | None:
    """What ``module.name`` leads to: its definition in the module's file; nothing for a
    submodule; None when the module is not indexed or does not define the name itself (a name
    it imports: followed by the name alone)."""
    path = _module_file(module, index.files)
    if path is None:
        return None
    if _module_file(f"{module}.{name}", index.files) is not None:
        return []
    defined = index.files[path].defined.get(name)
    if defined is None:
        source, original = index.files[path].imports.get(name, (module, None))
        if source != module:  # a re-export: as the module it comes from defines it
            return [] if original is None else _defined_in(index, source, original)
        return _definitions(index, name, _AMBIGUOUS)
    return _constructors(index, name, defined)


def _constructors(
    index: _Index, name: str, defined: list[ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef]
) -> list[ast.AST]:
    """A function defined, or a class's own checks (its constructor); an error class is
    collected where it is constructed, not followed."""
    if name in index.errors:
        return []
    found: list[ast.AST] = []
    for node in defined:
        if isinstance(node, ast.ClassDef):
            found += _class_checks(node)
        else:
            found.append(node)
    return found


def _class_checks(cls: ast.ClassDef) -> list[ast.AST]:
    # A class named (a command, a value): its own checks run in its constructor.
    return [
        f
        for f in cls.body
        if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
        and f.name in ("__init__", "__post_init__", "model_post_init")
    ]


def _followed(index: _Index, node: ast.Name | ast.Attribute, local: set[str]) -> list[ast.AST]:
    """The definitions a name leads to by the name alone, where its module's bindings do not
    say (``_bound``): a function or a class named; ``module.function``,
    ``package.module.function``, ``Class.method`` and an inherited ``self.method``; and, on any
    other object, an aggregate's method (``member.approve``: a method of the domain, defined in
    few places)."""
    if isinstance(node, ast.Name):
        return [] if node.id in local else _definitions(index, node.id, _AMBIGUOUS)
    owner = node.value
    if isinstance(owner, ast.Name) and (
        (owner.id in index.modules and owner.id not in local)
        or owner.id in ("self", "cls")
        or owner.id[:1].isupper()
    ):
        return _definitions(index, node.attr, _AMBIGUOUS)
    if (  # package.module.function (projections.sessions.quorum)
        isinstance(owner, ast.Attribute)
        and isinstance(owner.value, ast.Name)
        and owner.value.id in index.modules
        and owner.value.id not in local
        and owner.attr in index.modules
    ):
        return _definitions(index, node.attr, _AMBIGUOUS)
    # An object's method: ambiguous when classes define it in many places. A module's function
    # of the same name (a route, an application handler) is no candidate: it is reached
    # through its module, as the module's bindings say.
    methods = [d for d in index.functions.get(node.attr, ()) if id(d) in index.methods]
    if len(methods) > _AMBIGUOUS_METHOD:
        return []
    return [d for d in methods if id(d) in index.domain]


def _definitions(index: _Index, name: str | None, limit: int) -> list[ast.AST]:
    if name is None or name in index.errors:
        return []
    defs: list[ast.AST] = list(index.functions.get(name, ()))
    for cls in index.classes.get(name, ()):
        defs += _class_checks(cls)
    return defs if len(defs) <= limit else []


def reason_codes(
    calls: list[Callable[..., Any]], scope: str | None = None
) -> dict[int, tuple[set[str], set[str]]]:
    """Per status: the ``reason_code`` values and the problem ``code`` values ``calls`` can
    answer with; ``scope`` is the service whose code they run (else guessed from ``calls``)."""
    if scope is None or not (ROOT / "services" / scope).is_dir():
        scope = next((s for s in map(_scope_of, calls) if s != "shared"), "shared")
    by_status: dict[int, tuple[set[str], set[str]]] = {}
    for error in raised(calls, scope):
        reasons, codes = by_status.setdefault(error.status, (set(), set()))
        codes.add(error.code)
        if error.reason is not None:
            reasons.add(error.reason)
    return by_status
