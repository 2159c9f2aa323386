"""Input features computed from raw input columns, as in TensorFlow Playground, plus custom expressions.

A feature is a tiny expression tree over the raw columns ``x1..xN``. The seven Playground features
(``x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2``) are names for fixed trees; anything else is parsed as an expression
(``sin(x1*x2)``, ``exp(-(x1^2+x2^2)/4)``) by the small tokenizer and Pratt parser below. User text never reaches
``eval``/``compile``/``ast``: features come from flags, TOML and URL queries, so parsing must be safe by
construction, and a tree of tuples is all evaluation needs.

Evaluation uses only ``xp`` functions on whole columns (no Python branching on values), so the same tree runs on
NumPy and, traced by ``jax.jit``, on ``jax.numpy``. Numeric trouble (1/0, log(-1)) gives inf/nan silently; the
caller decides what to do with non-finite values. This module does not import jax, so it loads without it.

Positions in error messages are 0-based character offsets into the stripped expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from nnwatch.errors import LimitError, SpecError, unknown
from nnwatch.limits import MAX_FEATURES, check_limit

__all__ = ["PLAYGROUND_FEATURES", "FEATURE_LABELS", "FUNCTIONS", "MAX_EXPRESSION_LENGTH", "MAX_EXPRESSION_DEPTH",
           "Feature", "parse_feature", "parse_features", "expand", "is_playground_feature"]

PLAYGROUND_FEATURES: tuple[str, ...] = ("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2")
FEATURE_LABELS = MappingProxyType({"x1": "X₁", "x2": "X₂", "x1sq": "X₁²", "x2sq": "X₂²", "x1x2": "X₁X₂",
                                   "sinx1": "sin(X₁)", "sinx2": "sin(X₂)"})
MAX_EXPRESSION_LENGTH = 200  # characters; a feature is a formula, not a program
MAX_EXPRESSION_DEPTH = 32    # nested parse levels; keeps parsing and evaluation recursion far from Python's limit

# Tree nodes are plain tuples, so Features are hashable (jit static arguments) and equal trees mean equal features:
# ("num", float) | ("var", column) | ("neg", node) | ("bin", op, left, right) | ("call", name, (args...)).
_V0, _V1 = ("var", 0), ("var", 1)
_PLAYGROUND_TREES = {"x1": _V0, "x2": _V1, "x1sq": ("bin", "^", _V0, ("num", 2.0)),
                     "x2sq": ("bin", "^", _V1, ("num", 2.0)), "x1x2": ("bin", "*", _V0, _V1),
                     "sinx1": ("call", "sin", (_V0,)), "sinx2": ("call", "sin", (_V1,))}
_PLAYGROUND_NEEDS = {name: 2 if "2" in name else 1 for name in PLAYGROUND_FEATURES}  # raw inputs each reads
_CONSTANTS = {"pi": float(np.pi), "e": float(np.e)}

# name -> (arity, implementation). sigmoid via tanh never overflows; relu via maximum stays traceable.
FUNCTIONS = MappingProxyType({
    "sin": (1, lambda xp, a: xp.sin(a)), "cos": (1, lambda xp, a: xp.cos(a)), "tan": (1, lambda xp, a: xp.tan(a)),
    "tanh": (1, lambda xp, a: xp.tanh(a)), "exp": (1, lambda xp, a: xp.exp(a)), "log": (1, lambda xp, a: xp.log(a)),
    "sqrt": (1, lambda xp, a: xp.sqrt(a)), "abs": (1, lambda xp, a: xp.abs(a)), "sign": (1, lambda xp, a: xp.sign(a)),
    "sigmoid": (1, lambda xp, a: 0.5 * (xp.tanh(0.5 * a) + 1.0)), "relu": (1, lambda xp, a: xp.maximum(a, 0.0)),
    "min": (2, lambda xp, a, b: xp.minimum(a, b)), "max": (2, lambda xp, a, b: xp.maximum(a, b)),
})
# xp functions rather than Python operators: on two plain constants, `1/0` or `10**400` would raise in Python.
_BINARY = {"+": lambda xp, a, b: xp.add(a, b), "-": lambda xp, a, b: xp.subtract(a, b),
           "*": lambda xp, a, b: xp.multiply(a, b), "/": lambda xp, a, b: xp.divide(a, b),
           "^": lambda xp, a, b: xp.power(a, b)}
# Binding powers. Unary minus binds its operand at 25: looser than ^ (30), so -x1^2 is -(x1^2), tighter than *.
_INFIX = {"+": 10, "-": 10, "*": 20, "/": 20, "^": 30}
_UNARY_BP = 25

# ASCII-only on purpose: str.isdigit() accepts other scripts' digits, and float() would then parse them.
_TOKEN = re.compile(r"(?P<num>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
                    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>\*\*|[-+*/^(),])|(?P<space>[ \t\r\n]+)", re.ASCII)
_INPUT = re.compile(r"x([0-9]+)", re.ASCII)
_END = "end"


def is_playground_feature(name) -> bool:
    """Whether ``name`` is one of the seven TensorFlow Playground feature names."""
    return isinstance(name, str) and name in PLAYGROUND_FEATURES


@dataclass(frozen=True)
class Feature:
    """One input feature: ``name`` is the stripped text it was parsed from; ``evaluate`` computes its column."""

    name: str
    n_inputs: int
    tree: tuple = field(repr=False)

    @property
    def label(self) -> str:
        """Display label: "X₁²" for Playground features, the expression itself otherwise."""
        return FEATURE_LABELS.get(self.name, self.name)

    def evaluate(self, x, xp=np):
        """The feature on each row of ``x`` (shape (n, n_inputs)): shape (n,), float dtype of x."""
        x = _as_input(x, self.n_inputs, xp)
        with np.errstate(all="ignore"):  # inf/nan are results here, not errors
            value = _evaluate(self.tree, x, xp)
            # Constant expressions ("pi") are 0-d: adding zeros gives every row its copy, in x's dtype.
            return xp.add(xp.zeros(x.shape[0], dtype=x.dtype), value)


def parse_feature(text: str, n_inputs: int) -> Feature:
    """A Playground feature name or a custom expression over ``x1..x{n_inputs}`` (``x``, ``y`` alias x1, x2)."""
    n_inputs = _check_n_inputs(n_inputs)
    if not isinstance(text, str):
        raise SpecError(f"a feature must be text, got {type(text).__name__}")
    name = text.strip()
    if not name:
        raise SpecError("empty feature: give a name such as 'x1' or an expression such as 'sin(x1*x2)'")
    if len(name) > MAX_EXPRESSION_LENGTH:
        raise LimitError(f"feature '{name[:40]}...' is {len(name)} characters long; the limit is "
                         f"{MAX_EXPRESSION_LENGTH}")
    # Playground names are words of the expression language too (x1sq + x2sq works), so one path parses both.
    return Feature(name, n_inputs, _Parser(name, n_inputs).parse())


def parse_features(names, n_inputs: int) -> tuple[Feature, ...]:
    """Parse each name; rejects an empty list and features that compute the same thing twice."""
    if isinstance(names, str):  # a lone string would otherwise be read letter by letter
        names = [names]
    names = list(names)
    if not names:
        raise SpecError("no input features: give at least one, e.g. x1, x2")
    check_limit("input features", len(names), MAX_FEATURES)
    features, seen = [], {}
    for name in names:
        feature = parse_feature(name, n_inputs)
        if feature.tree in seen:
            same = seen[feature.tree]
            raise SpecError(f"feature '{feature.name}' is given twice" if same == feature.name
                            else f"features '{same}' and '{feature.name}' compute the same thing; keep one")
        seen[feature.tree] = feature.name
        features.append(feature)
    return tuple(features)


def expand(features, x, xp=np):
    """Stack the features' columns: shape (n, len(features)), float dtype of x."""
    features, x = tuple(features), xp.asarray(x)
    sizes = {f.n_inputs for f in features}
    if len(sizes) > 1:
        raise SpecError(f"features over different numbers of raw inputs cannot be stacked: {sorted(sizes)}")
    x = _as_input(x, sizes.pop() if sizes else x.shape[-1], xp)
    if all(f.tree[0] == "var" for f in features):
        # Raw columns only (images: thousands of them): one gather instead of thousands of slices in the graph.
        return x[:, np.asarray([f.tree[1] for f in features], dtype=np.int64)]
    return xp.stack([f.evaluate(x, xp) for f in features], axis=1)


def _check_n_inputs(n_inputs) -> int:
    if isinstance(n_inputs, bool) or not isinstance(n_inputs, (int, np.integer)) or n_inputs < 1:
        raise SpecError(f"the number of raw inputs must be a whole number of at least 1, got {n_inputs!r}")
    return int(n_inputs)


def _as_input(x, n_inputs: int, xp):
    x = xp.asarray(x)
    if x.ndim != 2 or x.shape[1] != n_inputs:
        raise SpecError(f"features over {n_inputs} raw inputs need x of shape (n, {n_inputs}); got {tuple(x.shape)}")
    # Integer or boolean data would truncate sin/exp results; `* 1.0` promotes to the backend's default float.
    return x * 1.0 if x.dtype.kind in "biu" else x


def _evaluate(tree, x, xp):
    kind = tree[0]
    if kind == "num":
        return xp.asarray(tree[1], dtype=x.dtype)  # in x's dtype, so float32 data stays float32 throughout
    if kind == "var":
        return x[:, tree[1]]
    if kind == "neg":
        return xp.negative(_evaluate(tree[1], x, xp))
    if kind == "bin":
        return _BINARY[tree[1]](xp, _evaluate(tree[2], x, xp), _evaluate(tree[3], x, xp))
    return FUNCTIONS[tree[1]][1](xp, *(_evaluate(arg, x, xp) for arg in tree[2]))


class _Parser:
    """Tokenizer + Pratt parser for one expression. Each error names the expression and a position."""

    def __init__(self, text: str, n_inputs: int):
        self.text, self.n_inputs, self.depth = text, n_inputs, 0
        self.tokens = self._tokenize()
        self.i = 0

    def fail(self, problem: str, pos: int, found=None, note: str = "", error=SpecError):
        detail = "" if found is None else "found the end" if found[0] == _END else f"found '{found[1]}'"
        detail = "; ".join(part for part in (detail, note) if part)
        raise error(f"feature '{self.text}': {problem} at position {pos}" + (f" ({detail})" if detail else ""))

    def fail_unknown(self, kind: str, word: str, choices, pos: int):
        raise SpecError(f"feature '{self.text}', position {pos}: {unknown(kind, word, choices)}")

    def _tokenize(self) -> list[tuple[str, str, int]]:
        tokens, pos = [], 0
        while pos < len(self.text):
            match = _TOKEN.match(self.text, pos)
            if match is None:
                self.fail(f"unexpected character {self.text[pos]!r}", pos)
            if match.lastgroup != "space":
                value = "^" if match.group() == "**" else match.group()  # ** and ^ are the same operator
                tokens.append((match.lastgroup, value, pos))
            pos = match.end()
        tokens.append((_END, "", len(self.text)))
        return tokens

    def peek(self):
        return self.tokens[self.i]

    def take(self):
        token = self.tokens[self.i]
        self.i += 1
        return token

    def is_op(self, char: str) -> bool:
        return self.peek()[0] == "op" and self.peek()[1] == char

    def parse(self):
        tree = self.expression(0)
        token = self.peek()
        if token[0] != _END:
            if token[1] == ")":
                self.fail("unmatched ')'", token[2])
            self.fail("expected an operator", token[2], token)
        return tree

    def expression(self, rbp: int):
        self.depth += 1
        if self.depth > MAX_EXPRESSION_DEPTH:
            self.fail(f"nesting is deeper than the limit of {MAX_EXPRESSION_DEPTH} levels", self.peek()[2],
                      error=LimitError)
        left = self.prefix(self.take())
        # Pratt loop: keep extending `left` while the next operator binds tighter than our caller's operator.
        while self.peek()[0] == "op" and _INFIX.get(self.peek()[1], 0) > rbp:
            op = self.take()[1]
            # ^ is right-associative (2^3^2 = 2^9): its right side may take another ^, so parse it at bp - 1.
            right = self.expression(_INFIX[op] - 1 if op == "^" else _INFIX[op])
            left = ("bin", op, left, right)
        self.depth -= 1
        return left

    def prefix(self, token):
        kind, value, pos = token
        if kind == "num":
            return ("num", float(value))  # float() of an ASCII number never raises; 1e999 gives inf
        if kind == "name":
            return self.call(value, pos) if self.is_op("(") else self.name(value, pos)
        if kind == "op" and value in ("-", "+"):
            operand = self.expression(_UNARY_BP)
            return ("neg", operand) if value == "-" else operand
        if kind == "op" and value == "(":
            inner = self.expression(0)
            if not self.is_op(")"):
                self.fail("expected ')'", self.peek()[2], self.peek(), f"the '(' at position {pos} is not closed")
            self.take()
            return inner
        self.fail("expected a value", pos, token)

    def call(self, fname: str, pos: int):
        if fname not in FUNCTIONS:
            self.fail_unknown("function", fname, FUNCTIONS, pos)
        self.take()  # "("
        args = [self.expression(0)]
        while self.is_op(","):
            self.take()
            args.append(self.expression(0))
        if not self.is_op(")"):
            self.fail(f"expected ',' or ')' in {fname}(...)", self.peek()[2], self.peek())
        self.take()
        arity = FUNCTIONS[fname][0]
        if len(args) != arity:
            self.fail(f"{fname}() takes {arity} argument{'s' * (arity > 1)} but is given {len(args)}", pos)
        return ("call", fname, tuple(args))

    def name(self, word: str, pos: int):
        n = self.n_inputs
        if word in _CONSTANTS:
            return ("num", _CONSTANTS[word])
        aliases = {"x": 0, "y": 1} if n >= 2 else {"x": 0}
        if word in aliases:
            return ("var", aliases[word])
        inputs = "x1" if n == 1 else f"x1..x{n}"
        numbered = _INPUT.fullmatch(word)
        if numbered:
            column = int(numbered.group(1))
            if str(column) == numbered.group(1) and 1 <= column <= n:
                return ("var", column - 1)
            self.fail(f"there is no input '{word}' (the data has {n} input{'s' * (n > 1)}: {inputs})", pos)
        if is_playground_feature(word):
            if _PLAYGROUND_NEEDS[word] <= n:
                return _PLAYGROUND_TREES[word]
            self.fail(f"'{word}' needs 2 inputs (the data has 1: x1)", pos)
        if word in FUNCTIONS:
            self.fail(f"'{word}' is a function: write {word}(...)", pos)
        playground = [f for f in PLAYGROUND_FEATURES if _PLAYGROUND_NEEDS[f] <= n]
        # Numbered inputs are listed only when few: 4096 pixel columns would drown the message.
        choices = playground + list(aliases) + list(_CONSTANTS) + [f"x{c}" for c in range(3, n + 1) if n <= 10]
        if word == self.text:  # the whole feature is one unknown word: most likely a mistyped feature name
            raise unknown("feature", word, choices)
        self.fail_unknown("variable", word, choices, pos)
