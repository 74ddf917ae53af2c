#!/usr/bin/python3
"""Checks that the build enforces the layering (cmake/headers.cmake): a file compiled with
the flags of one library cannot include another library's header unless it links it.

Usage: check_layering.py BUILD_DIR (needs BUILD_DIR/compile_commands.json). For each
case, compiles a one-line file '#include "<header>"' with the flags of a source file of
the library and checks that it fails (a wrong-way include) or compiles (an allowed one).
Prints 'N passed, M failed'."""
import json
import os
import shlex
import subprocess
import sys
import tempfile

# (a source file of the library, header, should it compile?)
CASES = [
    ("models/hazard/hazard_model.cpp", "trial/population.h", False),   # models below trial
    ("models/hazard/hazard_model.cpp", "trial/assay.h", True),         # trial_parts is below
    ("analysis/kaplan_meier.cpp", "engine/errors.h", False),           # statistics see nothing
    ("analysis/kaplan_meier.cpp", "scenarios/spec/scenario.h", False),
    ("engine/random_stream.cpp", "analysis/kaplan_meier.h", False),    # the engine is domain-free
    ("analysis/cohort/cohort_analysis.cpp", "trial/population.h", False),
    ("analysis/cohort/cohort_analysis.cpp", "analysis/kaplan_meier.h", True),
    ("scenarios/scenario_loader.cpp", "models/models.h", False),      # the loader never sees a model
    ("trial/cohort_simulation.cpp", "io/result_file.h", False),        # simulation writes no file
    ("io/result_file.cpp", "trial/cohort_simulation.h", False),
]


def command_for(build, source):
    for entry in json.load(open(os.path.join(build, "compile_commands.json"))):
        if entry["file"].endswith(source):
            return entry
    raise SystemExit(f"{source} not in compile_commands.json")


def compiles(entry, header, scratch):
    src = os.path.join(scratch, "probe.cpp")
    with open(src, "w") as f:
        f.write(f'#include "{header}"\nint main() {{ return 0; }}\n')
    args = shlex.split(entry["command"]) if "command" in entry else list(entry["arguments"])
    args[args.index("-c") + 1] = src
    args[args.index("-o") + 1] = os.path.join(scratch, "probe.o")
    args = [a for a in args if not a.startswith("-MD") and not a.startswith("-MF") and not a.startswith("-MT")]
    return subprocess.run(args, cwd=entry["directory"], capture_output=True).returncode == 0


def main(build):
    failed = 0
    with tempfile.TemporaryDirectory() as scratch:
        for source, header, allowed in CASES:
            ok = compiles(command_for(build, source), header, scratch) == allowed
            failed += not ok
            verdict = "compiles" if allowed else "fails"
            print(f"{'ok' if ok else 'WRONG'}: {source} including {header} {verdict}")
    print(f"{len(CASES) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
