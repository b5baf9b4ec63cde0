#!/usr/bin/env python3
"""ctest: the conventions every rbmdyn command shares, read from the built binary's --help and exit codes.

- every command takes --quiet;
- every command with --device shows the one help text "auto, cpu or cuda" and the default auto;
- errors, the parser's included, are one stderr line "rbmdyn: error: ..." with exit code 2, and an unknown
  command lists every known one;
- the top-level help documents the exit codes.
Argument: <rbmdyn binary>."""
import re
import subprocess
import sys


def run(*args):
    return subprocess.run([sys.argv[1], *args], capture_output=True, text=True)


def main() -> None:
    top = run("--help")
    assert top.returncode == 0, top
    assert "Exit codes: 0 ok, 1 internal error, 2 bad input" in top.stdout and "130 interrupted" in top.stdout, top.stdout
    section = top.stdout.split("Subcommands:")[1]
    commands = re.findall(r"^\s{2}(\S+)\s", section, re.M)
    assert len(commands) >= 12, commands
    with_device = 0
    for c in commands:
        out = run(c, "--help").stdout
        assert "--quiet" in out, f"{c} has no --quiet"
        if "--device" in out:
            with_device += 1
            line = next(l for l in out.splitlines() if "--device" in l)
            assert "auto, cpu or cuda" in line and "=auto " in line, f"{c}: {line}"
    assert with_device >= 7, with_device
    bad = run("sweep", "--no-such-option")
    assert bad.returncode == 2 and bad.stderr.startswith("rbmdyn: error: "), bad
    unknown = run("sweeep")
    assert unknown.returncode == 2 and unknown.stderr.startswith("rbmdyn: error: unknown command 'sweeep'"), unknown
    for c in commands:
        assert c in unknown.stderr, f"{c} not listed: {unknown.stderr}"
    print(f"ok: {len(commands)} commands, {with_device} with --device")


if __name__ == "__main__":
    main()
