#!/usr/bin/python3
"""Checks that every source path a document names exists, so the docs stay true when code
moves. Usage: check_doc_paths.py ROOT

Scans README.md, docs/*.md and each top-level folder's README.md for `backticked` tokens
that start with a source folder (engine/, analysis/, scenarios/, trial/, models/, io/,
app/, tests/, scripts/, bench/, docs/, cmake/); `x.{h,cpp}` stands for x.h and x.cpp, a
trailing `*` for any file with that prefix. Prints 'N passed, M failed'."""
import glob
import os
import re
import sys

FOLDERS = ("engine/", "analysis/", "scenarios/", "trial/", "models/", "io/", "app/", "tests/",
           "scripts/", "bench/", "docs/", "cmake/")


def candidates(token):
    token = token.split(":")[0].split(" ")[0].rstrip(".,")
    braces = re.match(r"(.*)\{([^}]*)\}(.*)", token)
    if braces:
        return [braces.group(1) + alt + braces.group(3) for alt in braces.group(2).split(",")]
    return [token]


def exists(root, path):
    if path.endswith("*"):
        return bool(glob.glob(os.path.join(root, path)))
    return os.path.exists(os.path.join(root, path))


def main(root):
    docs = [os.path.join(root, "README.md")] + sorted(glob.glob(os.path.join(root, "docs", "*.md")))
    docs += sorted(glob.glob(os.path.join(root, "*", "README.md")))
    docs += sorted(glob.glob(os.path.join(root, "models", "*", "*.md")))
    checked, missing = 0, []
    for doc in docs:
        text = open(doc, encoding="utf-8").read()
        for token in re.findall(r"`([^`\n]+)`", text):
            if not token.startswith(FOLDERS):
                continue
            for path in candidates(token):
                checked += 1
                if not exists(root, path):
                    missing.append(f"{os.path.relpath(doc, root)}: `{token}` ({path} does not exist)")
    for m in missing:
        print("MISSING", m)
    print(f"{checked - len(missing)} passed, {len(missing)} failed")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
