#!/usr/bin/env python3
"""Tests of scripts/check-layers.py: clean on the tree as it is, and failing, with the file and line
named, on planted violations in a copy of the tree (a back-reference, a side-reference, a kernel that
includes the runtime, a folder without a place in the order, documentation that disagrees).

    python3 tests/layers/check_layers_test.py SOURCE_DIR
"""
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

SOURCE = pathlib.Path(sys.argv.pop(1) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2])
SCRIPT = SOURCE / "scripts" / "check-layers.py"


def run_check(root):
    done = subprocess.run([sys.executable, str(SCRIPT), str(root)], capture_output=True, text=True)
    return done.returncode, done.stdout + done.stderr


class CheckLayers(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = pathlib.Path(self.tmp.name)
        keep = shutil.ignore_patterns("build*", ".git", "*.o", "*.a")
        for top in ("host", "kernels", "apps", "tests"):
            shutil.copytree(SOURCE / top, self.root / top, ignore=keep)
        (self.root / "docs").mkdir()
        shutil.copy(SOURCE / "docs" / "design.md", self.root / "docs" / "design.md")

    def tearDown(self):
        self.tmp.cleanup()

    def plant(self, relative, line):
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8") if path.exists() else "#pragma once\n"
        path.write_text(text + line + "\n", encoding="utf-8")
        return len((text + line).splitlines())

    def expect_failure(self, *needles):
        code, out = run_check(self.root)
        self.assertEqual(code, 1, out)
        for needle in needles:
            self.assertIn(needle, out)

    def test_the_tree_is_clean(self):
        code, out = run_check(SOURCE)
        self.assertEqual(code, 0, out)
        code, out = run_check(self.root)
        self.assertEqual(code, 0, out)

    def test_back_reference_fails(self):
        line = self.plant("host/core/error.hpp", '#include "host/sweep/sweep.hpp"')
        self.expect_failure(f"host/core/error.hpp:{line}:", "back-reference", "host/sweep/sweep.hpp")

    def test_kernel_including_the_runtime_fails(self):
        line = self.plant("kernels/gibbs.cu", '#include "host/runtime/device_buffer.hpp"')
        self.expect_failure(f"kernels/gibbs.cu:{line}:", "back-reference")

    def test_side_reference_fails(self):
        line = self.plant("host/gibbs/gibbs_engine.cpp", '#include "host/biasing/biasing_set.hpp"')
        self.expect_failure(f"host/gibbs/gibbs_engine.cpp:{line}:", "side-reference")

    def test_folder_without_a_place_fails(self):
        self.plant("host/newarea/thing.hpp", '#include "host/core/error.hpp"')
        self.expect_failure("host/newarea has no place in the layer order")

    def test_documentation_must_state_the_order(self):
        design = self.root / "docs" / "design.md"
        design.write_text(design.read_text(encoding="utf-8").replace("Layer order:", "Layers:"), encoding="utf-8")
        self.expect_failure("docs/design.md")


if __name__ == "__main__":
    unittest.main()
