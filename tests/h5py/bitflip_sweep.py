#!/usr/bin/python3
"""Single-bit flips of a small result file and shard (issue 17): `summary` of each flipped
file, and `merge` of each flipped shard with its intact sibling, must end with exit code 0
or with exit code 2 and one error line (and no output file); never a signal, exit code 70
or a traceback. The flips are random with a fixed seed, half in each file.
Usage: bitflip_sweep.py JISAS_SIM RESULT.h5 SHARD0.h5 SHARD1.h5 WORKDIR FLIPS SEED"""
import os
import random
import subprocess
import sys


def flipped(src, dst, bit):
    data = bytearray(open(src, "rb").read())
    data[bit // 8] ^= 1 << (bit % 8)
    with open(dst, "wb") as f:
        f.write(data)


def check(command, output, label):
    """The exit code, and a problem description or None when the command behaved."""
    run = subprocess.run(command, capture_output=True, text=True, errors="replace", timeout=120)
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    code = run.returncode
    if code == 0:
        return code, None
    if code != 2:  # negative: killed by a signal
        return code, f"{label}: exit code {code}: {' | '.join(lines[-3:])}"
    if len(lines) != 1:
        return code, f"{label}: {len(lines)} error lines: {' | '.join(lines[:3])}"
    if output and os.path.exists(output):
        return code, f"{label}: failed but wrote {output}"
    return code, None


def main():
    exe, result, shard0, shard1, work, flips, seed = sys.argv[1:8]
    os.makedirs(work, exist_ok=True)
    rng = random.Random(int(seed))
    problems, refused = [], 0
    for i in range(int(flips)):
        merge = i % 2 == 1
        src = shard0 if merge else result
        bit = rng.randrange(os.path.getsize(src) * 8)
        damaged = os.path.join(work, "flipped.h5")
        flipped(src, damaged, bit)
        label = f"{'merge' if merge else 'summary'} with bit {bit} of {os.path.basename(src)} flipped"
        out = os.path.join(work, "merged.h5")
        if os.path.exists(out):
            os.remove(out)
        command = ([exe, "merge", damaged, shard1, "-o", out] if merge
                   else [exe, "summary", damaged])
        code, problem = check(command, out if merge else None, label)
        refused += code == 2
        if problem:
            problems.append(problem)
    for p in problems:
        print("FAIL:", p)
    print(f"bit-flip sweep: {flips} flips, {refused} refused with one line (exit code 2), "
          f"{len(problems)} failed")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
