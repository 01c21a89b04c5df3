"""The expressions analysts may write in a chapter, checked and rendered in a Jinja2 sandbox.

Only the calls and names of `Functions` are allowed, with literal arguments; anything else (filters, loops,
attributes, other names) is refused with the file and line. Every call is tried before rendering, so an
unknown sheet, row or column stops the report with its line number and the nearest valid names. Block-level
results (a table, a chart, a project card) come back as markers that `markdown.py` turns into blocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

from pipeline.report.figures import FigureError

MARKER = "\ue000blok:{}\ue001"
MARKER_PATTERN = re.compile("^\ue000blok:(\\d+)\ue001$")

# A number typed next to % or 'regio's'/'projecten' is a figure that no table backs (seed 003's 84%).
_EXPRESSION_SPANS = re.compile(r"\{\{.*?\}\}|\{#.*?#\}|\{%.*?%\}", re.S)
_TYPED_NUMBER = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)*)(?:\s*(%|procent\b)|\s+(?:van de \d+\s+)?(regio['’]s|regio\b|projecten\b|project\b))",
    re.IGNORECASE)


class RedactieError(Exception):
    """An error in an analyst's text: names the file and the line. `dutch_message` is shown to the user."""

    def __init__(self, file: str, line: int, problem: str):
        self.file, self.line, self.problem = file, line, problem
        super().__init__(self.dutch_message)

    @property
    def dutch_message(self) -> str:
        return f"{self.file}, regel {self.line}: {self.problem}"


@dataclass(frozen=True)
class Warning_:
    file: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.file}, regel {self.line}: {self.text}"


@dataclass
class Functions:
    """What a text may call (`calls`: inline text or block specs) and name (`variables`)."""

    calls: dict[str, Callable[..., object]]
    variables: dict[str, str]
    block_calls: frozenset[str] = frozenset()  # calls whose result is a block, not text
    keywords: dict[str, frozenset[str]] = field(default_factory=dict)  # allowed keyword arguments per call

    def allowed(self) -> str:
        names = [f"{name}(…)" for name in self.calls] + list(self.variables)
        return ", ".join(names)


def typed_number_warnings(source: str, file: str, first_line: int = 1) -> list[Warning_]:
    warnings = []
    for offset, line in enumerate(source.splitlines()):
        bare = _EXPRESSION_SPANS.sub(" ", line)
        for match in _TYPED_NUMBER.finditer(bare):
            warnings.append(Warning_(file, first_line + offset, f'"{match.group(0).strip()}" is met de hand '
                                     "getypt: gebruik een berekend getal, bijvoorbeeld {{ cel(...) }} of "
                                     "{{ aandeel(...) }}"))
    return warnings


_ENVIRONMENT = SandboxedEnvironment(autoescape=False, keep_trailing_newline=True)


def parse(source: str) -> nodes.Template:
    """The expression tree of a text (raises jinja2's TemplateSyntaxError)."""
    return _ENVIRONMENT.parse(source)


def _check_node(node: nodes.Node, functions: Functions, file: str, offset: int) -> None:
    line = offset + (node.lineno or 1)
    if isinstance(node, (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Const)):
        pass
    elif isinstance(node, nodes.Name):
        if node.name not in functions.variables and node.name not in functions.calls:
            raise RedactieError(file, line, f'onbekende naam "{node.name}"; toegestaan zijn {functions.allowed()}')
    elif isinstance(node, nodes.Call):
        if not isinstance(node.node, nodes.Name) or node.node.name not in functions.calls:
            shown = node.node.name if isinstance(node.node, nodes.Name) else "deze uitdrukking"
            raise RedactieError(file, line, f'"{shown}" kan hier niet worden aangeroepen; toegestaan zijn '
                                f"{functions.allowed()}")
        name = node.node.name
        if node.dyn_args or node.dyn_kwargs:
            raise RedactieError(file, line, f"{name}(…) neemt alleen losse teksten tussen aanhalingstekens")
        allowed_keywords = functions.keywords.get(name, frozenset())
        for keyword in node.kwargs:
            if keyword.key not in allowed_keywords:
                raise RedactieError(file, line, f'{name}(…) kent "{keyword.key}=" niet')
        arguments = [*node.args, *(k.value for k in node.kwargs)]
        if not all(isinstance(a, nodes.Const) and isinstance(a.value, str) for a in arguments):
            raise RedactieError(file, line, f"{name}(…) neemt alleen teksten tussen aanhalingstekens, "
                                'bijvoorbeeld cel("Visie", "Fase 5: Strategische keuzes", "nu")')
        try:
            functions.calls[name](*(a.value for a in node.args), **{k.key: k.value.value for k in node.kwargs})
        except FigureError as error:
            raise RedactieError(file, line, str(error)) from None
        except TypeError:
            raise RedactieError(file, line, f"{name}(…) heeft hier het verkeerde aantal teksten") from None
        return
    else:
        raise RedactieError(file, line, f"deze uitdrukking is niet toegestaan; toegestaan zijn {functions.allowed()}, "
                            "zonder filters, lussen of rekenwerk")
    for child in node.iter_child_nodes():
        _check_node(child, functions, file, offset)


def render_text(source: str, functions: Functions, file: str, first_line: int = 1) -> tuple[str, list]:
    """The text with every expression replaced: (Markdown, block specs in marker order).

    Raises RedactieError for a syntax error or a wrong name, with the file and line.
    """
    offset = first_line - 1
    try:
        tree = _ENVIRONMENT.parse(source)
    except TemplateSyntaxError as error:
        raise RedactieError(file, offset + (error.lineno or 1), f"syntaxfout in een uitdrukking: {error.message}. "
                            'Een uitdrukking staat tussen {{ en }}, bijvoorbeeld {{ tabel("Visie") }}') from None
    _check_node(tree, functions, file, offset)
    specs: list = []

    def block_call(name: str) -> Callable[..., str]:
        def call(*args, **kwargs) -> str:
            specs.append(functions.calls[name](*args, **kwargs))
            return "\n\n" + MARKER.format(len(specs) - 1) + "\n\n"
        return call

    context = dict(functions.variables)
    for name, call in functions.calls.items():
        context[name] = block_call(name) if name in functions.block_calls else call
    return _ENVIRONMENT.from_string(tree).render(context), specs
