#!/usr/bin/python3
"""Report C++ functions whose body is longer than a limit (default 60 lines).

Scans every *.cpp and *.h under the library directories (engine/, analysis/,
scenarios/, trial/, models/, io/, app/, recursively) of the project root.

Body length = number of lines from the line of the opening brace of the
function body to the line of its closing brace, inclusive.  Lambdas, local
classes and everything else nested in a function body count as part of the
enclosing function.  Lambdas that are not inside any function (a namespace-
scope `auto f = [] {...};`, a default member initializer, a lambda in a
namespace-scope table) are counted as functions of their own.

This is a heuristic, not a C++ parser:

  * A small tokenizer drops comments, string/char literals (with prefixes,
    escapes, user-defined suffixes and raw strings R"d(...)d"), digit
    separators (1'000) and preprocessor directives (all branches of #if are
    scanned, so both branches must have balanced braces -- they do in
    practice).
  * Outside function bodies the tokens since the last statement boundary
    (`;`, a scope brace, an access specifier `public:`) form the current
    "statement"; every `{` is classified from that statement (see
    classify_brace): scope (namespace, class/struct/union, extern "C"),
    enum / initializer / requires-expression (no functions inside, but
    lambdas may appear), or function body / lambda body.
  * Inside a function body only brace depth is tracked.

Usage:
  check_function_length.py [--root DIR] [--max-lines N] [--list-top K] [FILE...]

Exit status 1 if any function is longer than the limit, 0 otherwise.
"""

import argparse
import os
import sys
from dataclasses import dataclass

LIBRARY_DIRS = ("engine", "analysis", "scenarios", "trial", "models", "io", "app")
EXTENSIONS = (".cpp", ".h")
DEFAULT_MAX_LINES = 60

# ---------------------------------------------------------------------------
# Tokenizer
# ---------------------------------------------------------------------------


@dataclass
class Token:
    text: str
    kind: str  # 'id' (identifier or keyword), 'num', 'str', 'chr', 'punct'
    line: int


# Multi-character punctuators kept as one token.  '>>' is deliberately NOT
# merged so that `std::vector<std::vector<int>>` closes two angle brackets.
_PUNCTS = sorted(
    ["->*", "...", "::", "->", "&&", "||", "==", "!=", "<=", ">=", "<<",
     "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "++", "--", ".*"],
    key=len, reverse=True)
_LITERAL_PREFIXES = {"u8", "u", "U", "L"}
_RAW_PREFIXES = {"R", "u8R", "uR", "UR", "LR"}


def _is_ident_start(c):
    return c.isalpha() or c == "_" or c == "$" or ord(c) > 127


def _is_ident_char(c):
    return c.isalnum() or c == "_" or c == "$" or ord(c) > 127


def tokenize(src):
    """Return the list of significant tokens of C++ source text `src`."""
    toks = []
    i, n, line = 0, len(src), 1
    at_line_start = True  # only whitespace seen since the last newline

    def skip_quoted(j, quote):
        """j points just after the opening quote; return index after the closing one."""
        nonlocal line
        while j < n:
            c = src[j]
            if c == "\\":
                if j + 1 < n and src[j + 1] == "\n":
                    line += 1
                j += 2
                continue
            if c == quote:
                return j + 1
            if c == "\n":  # unterminated literal: stop at end of line
                return j
            j += 1
        return j

    def skip_suffix(j):  # user-defined literal suffix: "abc"s, 'x'_c
        while j < n and _is_ident_char(src[j]):
            j += 1
        return j

    while i < n:
        c = src[i]
        if c == "\n":
            line += 1
            i += 1
            at_line_start = True
            continue
        if c in " \t\r\f\v":
            i += 1
            continue
        if c == "\\" and i + 1 < n and src[i + 1] == "\n":  # line splice
            line += 1
            i += 2
            continue
        # Comments.
        if src.startswith("//", i):
            while i < n and src[i] != "\n":
                if src[i] == "\\" and i + 1 < n and src[i + 1] == "\n":
                    line += 1
                    i += 1
                i += 1
            continue
        if src.startswith("/*", i):
            end = src.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += src.count("\n", i, end)
            i = end
            continue
        # Preprocessor directive: skip to end of (spliced) line.
        if c == "#" and at_line_start:
            i += 1
            while i < n and src[i] != "\n":
                if src[i] == "\\" and i + 1 < n and src[i + 1] == "\n":
                    line += 1
                    i += 2
                elif src.startswith("/*", i):
                    end = src.find("*/", i + 2)
                    end = n if end < 0 else end + 2
                    line += src.count("\n", i, end)
                    i = end
                elif src.startswith("//", i):
                    while i < n and src[i] != "\n":
                        i += 1
                elif src[i] in "\"'":
                    i = skip_quoted(i + 1, src[i])
                else:
                    i += 1
            continue
        at_line_start = False
        start_line = line
        # Identifiers, keywords and prefixed / raw literals.
        if _is_ident_start(c):
            j = i + 1
            while j < n and _is_ident_char(src[j]):
                j += 1
            word = src[i:j]
            if j < n and src[j] == '"' and word in _RAW_PREFIXES:
                k = src.find("(", j + 1)
                delim = src[j + 1:k] if k >= 0 else ""
                end = src.find(")" + delim + '"', k + 1) if k >= 0 else -1
                end = n if end < 0 else end + len(delim) + 2
                line += src.count("\n", i, end)
                end = skip_suffix(end)
                toks.append(Token(src[i:end], "str", start_line))
                i = end
                continue
            if j < n and src[j] in "\"'" and word in _LITERAL_PREFIXES:
                end = skip_suffix(skip_quoted(j + 1, src[j]))
                toks.append(Token(src[i:end], "str" if src[j] == '"' else "chr", start_line))
                i = end
                continue
            toks.append(Token(word, "id", start_line))
            i = j
            continue
        # Numbers (pp-number: covers 0x1p-3, 1e+5, 1'000'000, 1.5f, 10_km).
        if c.isdigit() or (c == "." and i + 1 < n and src[i + 1].isdigit()):
            j = i + 1
            while j < n:
                d = src[j]
                if d in "eEpP" and j + 1 < n and src[j + 1] in "+-":
                    j += 2
                elif d == "'" and j + 1 < n and _is_ident_char(src[j + 1]):
                    j += 2  # digit separator
                elif _is_ident_char(d) or d == ".":
                    j += 1
                else:
                    break
            toks.append(Token(src[i:j], "num", start_line))
            i = j
            continue
        # String and character literals.
        if c in "\"'":
            end = skip_suffix(skip_quoted(i + 1, c))
            toks.append(Token(src[i:end], "str" if c == '"' else "chr", start_line))
            i = end
            continue
        # Punctuators.
        for p in _PUNCTS:
            if src.startswith(p, i):
                toks.append(Token(p, "punct", line))
                i += len(p)
                break
        else:
            toks.append(Token(c, "punct", line))
            i += 1
    return toks


# ---------------------------------------------------------------------------
# Brace classification
# ---------------------------------------------------------------------------

# Brace kinds.  SCOPE braces (file, namespace, class, extern "C") contain
# declarations; DATA braces (initializers, enums, requires-expressions) contain
# no functions but may contain lambdas; FUNC/LAMBDA braces are counted.
SCOPE, DATA, FUNC, LAMBDA, CATCH = "scope", "data", "func", "lambda", "catch"

CLASS_KEYS = {"class", "struct", "union", "enum"}
# Tokens that may sit between a parameter list `)` and the body `{`.
FUNC_QUALIFIERS = {"const", "volatile", "noexcept", "override", "final", "&", "&&",
                   "mutable", "try", "constexpr", "consteval"}
# Identifiers followed by a parenthesised group that is not a parameter list.
NON_NAME_CALLS = {"decltype", "alignas", "alignof", "sizeof", "noexcept", "requires",
                  "static_assert", "__attribute__", "__declspec", "throw", "typeof",
                  "__typeof__", "explicit", "if", "for", "while", "switch", "catch",
                  "return", "co_return", "co_await", "co_yield", "typeid", "asm",
                  "operator"}
CONTROL = {"if", "for", "while", "switch", "catch"}
# What may precede `requires (` when it starts a requires-EXPRESSION rather
# than a trailing requires-CLAUSE of a function.
REQUIRES_EXPR_PRECEDERS = {"=", "&&", "||", "(", ",", "!", "return", "requires", "{", "?", ":"}


def _match_back(toks, i, open_t, close_t):
    """toks[i] is close_t; return the index of the matching open_t (or -1)."""
    depth = 0
    while i >= 0:
        t = toks[i].text
        if t == close_t:
            depth += 1
        elif t == open_t:
            depth -= 1
            if depth == 0:
                return i
        i -= 1
    return -1


def _match_fwd(toks, i, open_t, close_t):
    """toks[i] is open_t; return the index of the matching close_t (or len-1)."""
    depth = 0
    for j in range(i, len(toks)):
        t = toks[j].text
        if t == open_t:
            depth += 1
        elif t == close_t:
            depth -= 1
            if depth == 0:
                return j
    return len(toks) - 1


def _match_angles_fwd(toks, i):
    """toks[i] is '<' of a template header; return the index of the matching '>'.
    Parentheses/brackets/braces inside are skipped so `(1 > 0)` does not close it."""
    depth, nest = 0, 0
    for j in range(i, len(toks)):
        t = toks[j].text
        if t in "([{":
            nest += 1
        elif t in ")]}":
            nest -= 1
        elif nest == 0 and t == "<":
            depth += 1
        elif nest == 0 and t == ">":
            depth -= 1
            if depth == 0:
                return j
    return len(toks) - 1


def _strip_prefix(stmt):
    """Drop leading `template <...>` headers, `requires` clauses that follow
    them, and attributes [[...]]; return the remaining token list."""
    i = 0
    while i < len(stmt):
        t = stmt[i].text
        if t == "template" and i + 1 < len(stmt) and stmt[i + 1].text == "<":
            i = _match_angles_fwd(stmt, i + 1) + 1
        elif t == "[" and i + 1 < len(stmt) and stmt[i + 1].text == "[":
            i = _match_fwd(stmt, i, "[", "]") + 1
        elif t == "requires" and i > 0:
            # requires-clause after a template header: primary expressions
            # (ids with template args, or parenthesised) joined by && / ||.
            i += 1
            while i < len(stmt):
                if stmt[i].text == "(":
                    i = _match_fwd(stmt, i, "(", ")") + 1
                else:
                    while i < len(stmt) and (stmt[i].kind == "id" or stmt[i].text in ("::", "!")):
                        i += 1
                    if i < len(stmt) and stmt[i].text == "<":
                        i = _match_angles_fwd(stmt, i) + 1
                if i < len(stmt) and stmt[i].text in ("&&", "||"):
                    i += 1
                else:
                    break
        else:
            break
    return stmt[i:]


def _top_level(stmt):
    """Yield (index, token) for tokens of stmt at bracket depth 0 (not inside
    (), [] or {}).  Closing brackets are yielded at depth 0, openers are not."""
    depth = 0
    for k, tok in enumerate(stmt):
        t = tok.text
        if t in ("(", "[", "{"):
            depth += 1
        elif t in (")", "]", "}"):
            depth -= 1
            if depth <= 0:
                depth = 0
                yield k, tok
        elif depth == 0:
            yield k, tok


def _is_lambda(stmt):
    """Does the `{` that follows stmt open a lambda body?  Walk back from the
    end over `mutable`, `noexcept(...)`, `-> type`, the parameter list and a
    template parameter list until a lambda introducer `[...]` is found."""
    i = len(stmt) - 1
    steps = 0
    while i >= 0 and steps < 80:
        steps += 1
        t = stmt[i].text
        if t == ")":
            i = _match_back(stmt, i, "(", ")") - 1
            continue
        if t == "]":
            j = _match_back(stmt, i, "[", "]")
            if j > 0 and stmt[j - 1].text == "[":  # attribute [[...]]
                i = j - 2
                continue
            if i > 0 and stmt[i - 1].text == "]":  # end of an attribute
                i = _match_back(stmt, i, "[", "]") - 1
                continue
            if j < 0:
                return False
            before = stmt[j - 1] if j > 0 else None
            # `a[3]`, `f()[0]`, `operator[]` are subscripts / names, not lambdas.
            if before is not None and (before.kind in ("id", "num", "str")
                                       or before.text in (")", "]")) \
                    and before.text not in ("return", "co_return", "co_yield", "case"):
                return False
            return True
        if stmt[i].kind == "id" or t in ("->", "::", "<", ">", "*", "&", "&&", ",", "..."):
            # ',' only inside a template parameter list <typename A, typename B>
            if t == ",":
                # a top-level comma ends the search unless we are inside <...>
                depth = 0
                k = i
                while k >= 0 and stmt[k].text not in ("[", "(", "{", ";", "="):
                    if stmt[k].text == ">":
                        depth += 1
                    elif stmt[k].text == "<":
                        depth -= 1
                    k -= 1
                if depth >= 0:
                    return False
            i -= 1
            continue
        return False
    return False


def _function_name(stmt, lambda_=False):
    """Best-effort name of the function whose header is stmt."""
    core = _strip_prefix(stmt)
    if lambda_:
        # `name = [` or `name{[` / `name([` patterns at top level.
        for k in range(len(core) - 1, 0, -1):
            if core[k].text == "[" and core[k - 1].text in ("=", "(", "{") and k >= 2 \
                    and core[k - 2].kind == "id":
                return core[k - 2].text + " (lambda)"
        return "<lambda>"
    top = list(_top_level(core))
    # operator overloads: operator== / operator() / operator[] / operator new
    for pos, (k, tok) in enumerate(top):
        if tok.text == "operator":
            j = k + 1
            name = "operator"
            if j < len(core) and core[j].text == "(":
                name += "()"
                j += 2
            else:
                while j < len(core) and core[j].text != "(":
                    sep = " " if core[j].kind == "id" and name[-1].isalnum() else ""
                    name += sep + core[j].text
                    j += 1
            return _qualify(core, k, name)
    # First '(' at top level that follows a plain identifier (skipping
    # decltype(...), alignas(...), __attribute__((...)) and the like).
    for k in range(len(core)):
        if core[k].text != "(":
            continue
        prev = core[k - 1] if k > 0 else None
        if prev is not None and prev.kind == "id" and prev.text not in NON_NAME_CALLS:
            depth = sum(1 if t.text in "([{" else -1 if t.text in ")]}" else 0 for t in core[:k])
            if depth == 0:
                return _qualify(core, k - 1, prev.text)
        if prev is not None and prev.text == ">":  # f<int>(...)
            j = _match_back_angles(core, k - 1)
            if j > 0 and core[j - 1].kind == "id":
                depth = sum(1 if t.text in "([{" else -1 if t.text in ")]}" else 0 for t in core[:k])
                if depth == 0:
                    args = "".join(t.text if t.kind != "id" else t.text + " " for t in core[j:k])
                    return _qualify(core, j - 1, core[j - 1].text + args.replace(" >", ">").replace(" ,", ",").strip())
    return "<unknown>"


def _match_back_angles(toks, i):
    depth = 0
    while i >= 0:
        t = toks[i].text
        if t == ">":
            depth += 1
        elif t == "<":
            depth -= 1
            if depth == 0:
                return i
        elif t in (";", "{", "}"):
            return -1
        i -= 1
    return -1


def _qualify(core, k, name):
    """Prepend `A::B<T>::` / `~` qualifiers that precede core[k]."""
    parts = [name]
    j = k - 1
    if j >= 0 and core[j].text == "~":
        parts.insert(0, "~")
        j -= 1
    while j >= 1 and core[j].text == "::":
        q = j - 1
        if core[q].text == ">":
            a = _match_back_angles(core, q)
            if a <= 0:
                break
            parts.insert(0, "::")
            parts.insert(0, "".join(t.text for t in core[a - 1:q + 1]))
            j = a - 2
        elif core[q].kind == "id":
            parts.insert(0, "::")
            parts.insert(0, core[q].text)
            j = q - 1
        else:
            break
    return "".join(parts)


def classify_brace(stmt, enclosing):
    """Classify a `{` that follows the statement tokens `stmt` at a non-function
    level.  `enclosing` is the kind of the innermost open brace (SCOPE or DATA).
    Returns (kind, name) with kind in SCOPE, DATA, FUNC, LAMBDA, CATCH."""
    if _is_lambda(stmt):
        return LAMBDA, _function_name(stmt, lambda_=True)
    if enclosing == DATA or not stmt:
        return DATA, None  # nested initializer / enumerator list
    # Inside an unclosed ( or [ (e.g. a default argument `= {}`) -> initializer.
    depth = 0
    for tok in stmt:
        if tok.text in ("(", "["):
            depth += 1
        elif tok.text in (")", "]"):
            depth -= 1
    if depth > 0:
        return DATA, None
    core = _strip_prefix(stmt)
    if not core:
        return DATA, None
    texts = [t.text for t in core]
    prev = core[-1]
    # namespace X {, inline namespace {, namespace a::b {
    if "namespace" in texts[:3]:
        return SCOPE, "namespace"
    # extern "C" {
    if len(core) == 2 and texts[0] == "extern" and core[1].kind == "str":
        return SCOPE, "extern"
    # class / struct / union / enum heads: a class-key with no parameter list
    # (parentheses at top level, outside template arguments) after it.
    if prev.text in CLASS_KEYS:
        return (DATA if prev.text == "enum" else SCOPE), None
    key_at = next((k for k, t in _top_level(core) if t.text in CLASS_KEYS), None)
    if key_at is not None and "=" not in texts[:key_at]:
        paren, angle, has_paren = 0, 0, False
        for tok in core[key_at:]:
            t = tok.text
            if t == "(":
                if paren == 0 and angle == 0:
                    has_paren = True
                paren += 1
            elif t == ")":
                paren -= 1
            elif paren == 0 and t == "<":
                angle += 1
            elif paren == 0 and t == ">":
                angle -= 1
        if not has_paren:
            if core[key_at].text == "enum":
                return DATA, None
            name = next((t.text for t in core[key_at + 1:] if t.kind == "id"
                         and t.text not in ("final", "alignas", "class", "struct")), None)
            return SCOPE, name
    top = list(_top_level(core))
    top_texts = [t.text for _, t in top]
    # A top-level '=' (not operator=) means an initializer or a concept's
    # requires-expression: `T x = {..}`, `concept C = requires(T t) {..}`.
    for pos, (k, tok) in enumerate(top):
        if tok.text == "=" and not (k > 0 and core[k - 1].text == "operator"):
            return DATA, None
    # Index (in core) of the first top-level ')' -- the end of a parameter list.
    first_close = next((k for k, t in top if t.text == ")"), None)
    if prev.text == ")":
        open_at = _match_back(core, len(core) - 1, "(", ")")
        before = core[open_at - 1] if open_at > 0 else None
        if before is not None and before.text == "requires":
            pre = core[open_at - 2].text if open_at > 1 else "="
            if pre in REQUIRES_EXPR_PRECEDERS or open_at - 1 == 0:
                return DATA, None  # requires (T t) { ... } expression
            return FUNC, _function_name(core)
        if before is not None and before.text == "catch":
            return CATCH, None  # handler of a function-try-block
        if before is not None and before.text in CONTROL:
            return DATA, None  # should not happen outside functions
        return FUNC, _function_name(core)
    if prev.text == "requires":
        return DATA, None  # requires { ... } expression
    if prev.text in FUNC_QUALIFIERS:
        return (FUNC, _function_name(core)) if first_close is not None else (DATA, None)
    if prev.text == "}":
        # Constructor whose member-initializer list ends in a braced init:
        # `Foo() : a_(1), b_{2} {`.  Needs a ')' followed by a top-level ':'.
        if first_close is not None:
            after = [t for k, t in top if k > first_close]
            if any(t.text == ":" for t in after):
                return FUNC, _function_name(core)
        return DATA, None
    if prev.kind == "id" or prev.text == ">" or prev.text == "*" or prev.text == "&":
        # Trailing return type `auto f() -> T {` or trailing requires-clause
        # `void f(T) requires C<T> {`; otherwise `T x{...}` / `Type<A>{...}`.
        if first_close is not None:
            after = [t.text for k, t in top if k > first_close]
            if "->" in after or "requires" in after:
                return FUNC, _function_name(core)
        return DATA, None
    return DATA, None


# ---------------------------------------------------------------------------
# Scanner
# ---------------------------------------------------------------------------


@dataclass
class Function:
    name: str
    line: int        # line where the declaration starts (first header token)
    open_line: int   # line of the body's '{'
    close_line: int  # line of the body's '}'

    @property
    def length(self):
        return self.close_line - self.open_line + 1


def scan_source(src):
    """Return the list of Function records of C++ source text `src`."""
    toks = tokenize(src)
    functions = []
    # Stack entries: [kind, name, statement-before-brace, open-token, header-line]
    stack = [[SCOPE, None, [], None, 1]]
    stmt = []     # tokens of the current statement at a non-function level
    in_func = 0   # index in stack of the outermost FUNC/LAMBDA/CATCH, or 0
    class_names = []  # names of enclosing classes, for qualification

    def header_line(s):
        core = _strip_prefix(s)
        return (core[0].line if core else (s[0].line if s else None))

    i = 0
    while i < len(toks):
        tok = toks[i]
        t = tok.text
        if in_func:
            # Inside a counted body: only brace depth matters.
            if t == "{":
                stack.append([DATA, None, None, tok, None])
            elif t == "}":
                entry = stack.pop()
                if len(stack) == in_func:
                    kind, name, before, open_tok, hline = entry
                    in_func = 0
                    if kind == CATCH and functions:
                        functions[-1].close_line = tok.line  # function-try-block
                    else:
                        fname = name
                        if kind == FUNC and class_names and "::" not in name:
                            fname = "::".join(class_names) + "::" + name
                        functions.append(Function(fname, hline or open_tok.line,
                                                  open_tok.line, tok.line))
                    if kind == LAMBDA:
                        stmt = before + [open_tok, tok]  # statement continues
                    else:
                        stmt = []
            i += 1
            continue
        enclosing = stack[-1][0]
        if t == "{":
            kind, name = classify_brace(stmt, enclosing)
            if kind in (FUNC, LAMBDA, CATCH):
                stack.append([kind, name, stmt, tok, header_line(stmt)])
                in_func = len(stack) - 1
                stmt = []
            elif kind == SCOPE:
                is_class = name not in ("namespace", "extern")
                # name slot: True marks a class scope (its name is on class_names)
                stack.append([SCOPE, is_class, stmt, tok, None])
                if is_class:
                    class_names.append(name or "<anonymous>")
                stmt = []
            else:  # DATA: keep collecting the statement through the braces
                stack.append([DATA, None, stmt, tok, None])
                stmt = stmt + [tok]
        elif t == "}":
            if len(stack) == 1:
                stmt = []  # unbalanced; ignore
            else:
                entry = stack.pop()
                if entry[0] == SCOPE:
                    if entry[1]:
                        class_names.pop()
                    stmt = []
                else:
                    stmt = stmt + [tok]
        elif t == ";" and enclosing == SCOPE:
            stmt = []
        elif t == ":" and enclosing == SCOPE and len(stmt) == 1 and \
                stmt[0].text in ("public", "private", "protected"):
            stmt = []  # access specifier
        else:
            stmt = stmt + [tok] if len(stmt) < 4000 else stmt[-2000:] + [tok]
        i += 1
    return functions


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def collect_files(root):
    files = []
    for d in LIBRARY_DIRS:
        base = os.path.join(root, d)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for f in sorted(filenames):
                if f.endswith(EXTENSIONS):
                    files.append(os.path.join(dirpath, f))
    return files


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                    help="project root (default: the parent of scripts/)")
    ap.add_argument("--max-lines", type=int, default=DEFAULT_MAX_LINES,
                    help="longest allowed body, in lines (default %(default)s)")
    ap.add_argument("--list-top", type=int, default=0, metavar="K",
                    help="also print the K longest functions")
    ap.add_argument("files", nargs="*", help="scan these files instead of the library dirs")
    args = ap.parse_args(argv)

    files = args.files or collect_files(args.root)
    results = []  # (path, Function)
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as fh:
            src = fh.read()
        rel = os.path.relpath(path, args.root) if not args.files else path
        for fn in scan_source(src):
            results.append((rel, fn))

    offenders = [(p, f) for p, f in results if f.length > args.max_lines]
    for p, f in offenders:
        print(f"{p}:{f.line}: function '{f.name}' is {f.length} lines (limit {args.max_lines})")
    if args.list_top > 0:
        top = sorted(results, key=lambda pf: (-pf[1].length, pf[0], pf[1].line))[:args.list_top]
        print(f"longest {len(top)} functions:")
        for p, f in top:
            print(f"  {f.length:5d}  {p}:{f.line}  {f.name}")
    if offenders:
        print(f"function length: {len(offenders)} of {len(results)} functions "
              f"longer than {args.max_lines} lines")
        return 1
    print(f"function length: {len(results)} functions checked, all <= {args.max_lines} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
