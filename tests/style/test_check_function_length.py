#!/usr/bin/python3
"""Tests for scripts/check_function_length.py (plain Python, stdlib only).

Run: /usr/bin/python3 tests/style/test_check_function_length.py
Prints "N passed, M failed" and exits non-zero if any test fails.
"""

import contextlib
import importlib.util
import io
import os
import sys
import tempfile
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "..", "scripts", "check_function_length.py")

_spec = importlib.util.spec_from_file_location("check_function_length", SCRIPT)
cfl = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cfl)


def scan(src):
    """name -> (header line, body length) for the functions of src."""
    return {f.name: (f.line, f.length) for f in cfl.scan_source(src)}


def names(src):
    return sorted(f.name for f in cfl.scan_source(src))


def body(n):
    """A function body of exactly n lines (brace lines included), n >= 2."""
    return "{\n" + "".join(f"  x += {k};\n" for k in range(n - 2)) + "}\n"


def run_cli(args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = cfl.main(args)
    return rc, out.getvalue()


TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


# --- literals and comments ------------------------------------------------


@test
def brace_in_string_and_char():
    src = 'void f() {\n  const char* s = "{{ }";\n  char c = \'{\';\n  char d = \'}\';\n}\nvoid g() {}\n'
    assert scan(src) == {"f": (1, 5), "g": (6, 1)}, scan(src)


@test
def escaped_quotes():
    src = 'void f() {\n  auto s = "a \\" { b";\n  char q = \'\\\'\';\n  auto t = "\\\\";\n}\nvoid g() {\n}\n'
    assert scan(src) == {"f": (1, 5), "g": (6, 2)}, scan(src)


@test
def brace_in_comments():
    src = ("// void h() {\n"
           "void f() {  // }\n"
           "  /* } } {\n"
           "     { */\n"
           "}\n"
           "/* void k() { */\n")
    assert scan(src) == {"f": (2, 4)}, scan(src)


@test
def raw_strings():
    src = ('void f() {\n'
           '  auto a = R"(}")";\n'
           '  auto b = R"xy( ) } "{ )" )xy";\n'
           '  auto c = u8R"(\n{\n{\n)";\n'
           '}\n'
           'void g() {}\n')
    assert scan(src) == {"f": (1, 8), "g": (9, 1)}, scan(src)


@test
def digit_separators_and_prefixed_literals():
    src = "void f() {\n  int n = 1'000'000;\n  auto w = L'{';\n  auto s = u\"}\";\n}\nint g() { return 0x1'F; }\n"
    assert scan(src) == {"f": (1, 5), "g": (6, 1)}, scan(src)


@test
def preprocessor_lines_ignored():
    src = ("#define OPEN {\n"
           "#define MULTI(x) \\\n  do { x; } while (0)\n"
           "#include <vector>\n"
           "void f() {\n"
           "#if 1\n"
           "  int a = 1;\n"
           "#endif\n"
           "}\n")
    assert scan(src) == {"f": (5, 5)}, scan(src)


# --- scopes ---------------------------------------------------------------


@test
def namespaces_are_not_functions():
    src = ("namespace a::b {\nnamespace {\nint f() {\n  return 1;\n}\n}  // namespace\n"
           "inline namespace v1 {\nvoid g() {}\n}\n}  // namespace a::b\nnamespace c = a::b;\n")
    assert scan(src) == {"f": (3, 3), "g": (8, 1)}, scan(src)


@test
def struct_with_in_class_member_function():
    src = ("struct Point {\n"
           "  int x = 0, y{0};\n"
           "  int sum() const {\n"
           "    return x + y;\n"
           "  }\n"
           "  Point& operator+=(const Point& o) noexcept { x += o.x; return *this; }\n"
           "  bool operator==(const Point&) const = default;\n"
           "  auto operator()(int k) -> int { return k; }\n"
           "  ~Point() {}\n"
           "};\n")
    assert scan(src) == {"Point::sum": (3, 3), "Point::operator+=": (6, 1),
                         "Point::operator()": (8, 1), "Point::~Point": (9, 1)}, scan(src)


@test
def class_access_specifiers_and_nested_class():
    src = ("class Outer final : public Base<int> {\n"
           " public:\n"
           "  Outer() = default;\n"
           "  void a() {}\n"
           " private:\n"
           "  struct Inner {\n"
           "    void b() {\n"
           "    }\n"
           "  };\n"
           "  Inner inner_{};\n"
           "};\n"
           "void Outer::c() {}\n")
    assert scan(src) == {"Outer::a": (4, 1), "Outer::Inner::b": (7, 2),
                         "Outer::c": (12, 1)}, scan(src)


@test
def enums_are_not_functions():
    src = ("enum class Kind : unsigned { A, B = 2, C };\n"
           "enum Plain { X, Y };\n"
           "enum { Anonymous = 1 };\n"
           "int f() { return 1; }\n")
    assert scan(src) == {"f": (4, 1)}, scan(src)


@test
def extern_c_block_and_function():
    src = ('extern "C" {\n'
           "int c_api(int x) {\n"
           "  return x;\n"
           "}\n"
           "}\n"
           'extern "C" void on_signal(int sig) {\n'
           "  (void)sig;\n"
           "}\n")
    assert scan(src) == {"c_api": (2, 3), "on_signal": (6, 3)}, scan(src)


# --- initializers -----------------------------------------------------------


@test
def brace_initializers_not_counted():
    src = ("const std::vector<int> table{1, 2, 3};\n"
           "const int arr[] = {\n  1,\n  2,\n};\n"
           "std::map<std::string, std::pair<int, int>> m = {{\"a\", {1, 2}}};\n"
           "struct Range { double lo, hi; };\n"
           "inline constexpr Range kUnit{0.0, 1.0};\n"
           "auto v = std::vector<std::vector<int>>{};\n"
           "Point make() {\n"
           "  Point p{1, 2};\n"
           "  int a[] = {1, 2};\n"
           "  return {p.x, {a[0]}};\n"
           "}\n")
    assert scan(src) == {"make": (10, 5)}, scan(src)


@test
def default_argument_braces():
    src = ("void f(Options o = {}, std::vector<int> v = {1, 2}) {\n"
           "}\n"
           "struct S {\n"
           "  explicit S(Spec spec = {}) : spec_(spec) {}\n"
           "  Spec spec_;\n"
           "};\n")
    assert scan(src) == {"f": (1, 2), "S::S": (4, 1)}, scan(src)


@test
def constructor_with_member_initializer_list():
    src = ("Foo::Foo(int a, double b)\n"
           "    : a_(a),\n"
           "      b_{b},\n"
           "      v_{1, 2, 3} {\n"
           "  check();\n"
           "}\n"
           "Bar::Bar() : Base(), x_(0) {\n"
           "}\n"
           "Baz::Baz() noexcept : m_{} {}\n")
    assert scan(src) == {"Foo::Foo": (1, 3), "Bar::Bar": (7, 2),
                         "Baz::Baz": (9, 1)}, scan(src)


# --- templates, requires, trailing return types ----------------------------


@test
def templates():
    src = ("template <typename T, class U = std::vector<std::vector<T>>>\n"
           "T first(const U& u) {\n"
           "  return u[0][0];\n"
           "}\n"
           "template <class T>\n"
           "struct Box {\n"
           "  T get() const { return t; }\n"
           "  T t{};\n"
           "};\n"
           "template <>\n"
           "int Box<int>::get() const {\n"
           "  return 0;\n"
           "}\n"
           "template <std::size_t N> class Arr : public Base<decltype(N)> {\n"
           "  void f() {}\n"
           "};\n")
    assert scan(src) == {"first": (2, 3), "Box::get": (7, 1),
                         "Box<int>::get": (11, 3), "Arr::f": (15, 1)}, scan(src)


@test
def requires_clauses_and_concepts():
    src = ("template <class M>\n"
           "concept Model = requires(M& m, double t) {\n"
           "  { m.step(t) } -> std::same_as<void>;\n"
           "};\n"
           "template <class T>\n"
           "concept Small = sizeof(T) < 8 && requires { typename T::value_type; };\n"
           "template <class T>\n"
           "  requires Model<T> && (sizeof(T) > 4)\n"
           "void run(T& t) {\n"
           "  t.step(1.0);\n"
           "}\n"
           "template <class T>\n"
           "void walk(T& t) requires Model<T> {\n"
           "}\n"
           "template <class T>\n"
           "void jump(T& t) requires(Small<T>) {\n"
           "}\n")
    assert scan(src) == {"run": (9, 3), "walk": (13, 2), "jump": (16, 2)}, scan(src)


@test
def trailing_return_type():
    src = ("auto f(int x) -> std::vector<int> {\n"
           "  return {x};\n"
           "}\n"
           "auto g() -> decltype(auto) { return 1; }\n"
           "auto h() -> int* {\n}\n")
    assert scan(src) == {"f": (1, 3), "g": (4, 1), "h": (5, 2)}, scan(src)


# --- lambdas and control flow inside functions ------------------------------


@test
def lambda_is_part_of_enclosing_function():
    src = ("int f(std::vector<int>& v) {\n"
           "  auto cmp = [&](int a, int b) mutable -> bool {\n"
           "    return a < b;\n"
           "  };\n"
           "  std::sort(v.begin(), v.end(), [](int a, int b) { return a > b; });\n"
           "  auto g = []<typename T>(T t) { return t; };\n"
           "  return [] {\n"
           "    return 1;\n"
           "  }();\n"
           "}\n")
    assert scan(src) == {"f": (1, 10)}, scan(src)


@test
def namespace_scope_lambda_counted_on_its_own():
    src = ("const auto square = [](double x) {\n"
           "  return x * x;\n"
           "};\n"
           "int after() { return 0; }\n")
    assert scan(src) == {"square (lambda)": (1, 3), "after": (4, 1)}, scan(src)


@test
def switch_if_loops_inside_function():
    src = ("int f(int k) {\n"
           "  switch (k) {\n"
           "    case 1: {\n"
           "      break;\n"
           "    }\n"
           "    default:\n"
           "      break;\n"
           "  }\n"
           "  if (k) {\n"
           "  } else {\n"
           "  }\n"
           "  for (;;) { break; }\n"
           "  do { } while (false);\n"
           "  try { } catch (const std::exception& e) { }\n"
           "  struct Local { int g() { return 1; } };\n"
           "  return Local{}.g();\n"
           "}\n"
           "void next() {}\n")
    assert scan(src) == {"f": (1, 17), "next": (18, 1)}, scan(src)


@test
def function_try_block():
    src = ("void f() try {\n"
           "  g();\n"
           "} catch (...) {\n"
           "  h();\n"
           "}\n")
    assert scan(src) == {"f": (1, 5)}, scan(src)


@test
def attributes_and_specifiers():
    src = ("[[nodiscard]] static inline constexpr int f() noexcept {\n"
           "  return 1;\n"
           "}\n"
           "[[nodiscard]] auto g() const& -> int { return 2; }\n")
    assert scan(src) == {"f": (1, 3), "g": (4, 1)}, scan(src)


@test
def operator_subscript_is_not_a_lambda():
    src = ("struct V {\n"
           "  double& operator[](std::size_t i) { return d[i]; }\n"
           "  double d[4]{};\n"
           "};\n")
    assert scan(src) == {"V::operator[]": (2, 1)}, scan(src)


# --- limit and command line -----------------------------------------------


@test
def length_is_brace_line_to_brace_line_inclusive():
    src = "void sixty()\n" + body(60) + "void sixty_one() " + body(61)
    assert scan(src) == {"sixty": (1, 60), "sixty_one": (62, 61)}, scan(src)


def _tree(files):
    d = tempfile.mkdtemp(prefix="cfl_test_")
    for rel, text in files.items():
        path = os.path.join(d, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            fh.write(text)
    return d


@test
def cli_flags_61_line_function_not_60():
    root = _tree({
        "engine/ok.cpp": "void sixty() " + body(60),
        "analysis/cohort/long.h": "namespace x {\n\nint sixty_one(int a) " + body(61) + "}\n",
        "tests/ignored.cpp": "void ignored() " + body(200),  # not a library dir
        "engine/notes.txt": "void not_cpp() " + body(200),
    })
    rc, out = run_cli(["--root", root])
    assert rc == 1, (rc, out)
    lines = out.splitlines()
    assert lines[0] == "analysis/cohort/long.h:3: function 'sixty_one' is 61 lines (limit 60)", out
    assert "sixty'" not in out and "ignored" not in out and "not_cpp" not in out, out


@test
def cli_passes_and_counts():
    root = _tree({"engine/ok.cpp": "void sixty() " + body(60) + "void two() {\n}\n",
                  "app/main.cpp": "int main() { return 0; }\n"})
    rc, out = run_cli(["--root", root])
    assert rc == 0, (rc, out)
    assert out.strip() == "function length: 3 functions checked, all <= 60 lines", out


@test
def cli_max_lines_and_list_top():
    root = _tree({"engine/a.cpp": "void a() " + body(10) + "void b() " + body(5) + "void c() {}\n"})
    rc, out = run_cli(["--root", root, "--max-lines", "5", "--list-top", "2"])
    assert rc == 1, (rc, out)
    assert "engine/a.cpp:1: function 'a' is 10 lines (limit 5)" in out, out
    assert "function 'b'" not in out.split("longest")[0], out
    top = out.split("longest")[1].splitlines()[1:3]
    assert "10" in top[0] and "a" in top[0] and "5" in top[1] and "b" in top[1], out
    rc, out = run_cli(["--root", root, "--max-lines", "10"])
    assert rc == 0 and "3 functions checked, all <= 10 lines" in out, out


def main():
    passed = failed = 0
    for fn in TESTS:
        try:
            fn()
            passed += 1
        except Exception:  # noqa: BLE001 - report every failure
            failed += 1
            print(f"FAIL {fn.__name__}")
            traceback.print_exc(limit=1)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
