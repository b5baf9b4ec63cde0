#!/usr/bin/env python3
"""`rbmdyn data --fetch` against a local HTTP server on 127.0.0.1 (nothing reaches the internet), and
the MNIST folder layouts and default data folder every command looks in.

The server serves the real MNIST .gz files under several prefixes:
  /good/   the files, honouring Range requests (resume)
  /cut/    the first third of each file, then the connection drops (an interrupted download)
  /bad/    the files with one byte flipped (a corrupted mirror)
  /norange/ the files, ignoring Range (a server that restarts every download)
Every request is logged (path, Range header) so the test can check what was asked for.

Usage: fetch_test.py RBMDYN MNIST_DIR   (exit 0 ok, 1 failure, 77 skipped: built without libcurl)
"""
import gzip
import hashlib
import http.server
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading

NAMES = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
         "t10k-labels-idx1-ubyte.gz"]
OFFICIAL = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}


def make_handler(files, log):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            parts = self.path.strip("/").split("/")
            if len(parts) != 2 or parts[1] not in files:
                self.send_error(404)
                return
            mode, name = parts
            body = files[name]
            rng = self.headers.get("Range")
            log.append((mode, name, rng))
            if mode == "bad":
                body = bytearray(body)
                body[len(body) // 2] ^= 0xFF
                body = bytes(body)
            start = 0
            if rng and mode != "norange" and rng.startswith("bytes="):
                start = int(rng[6:].split("-")[0])
                if start >= len(body):
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{len(body)}")
                    self.end_headers()
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
            else:
                self.send_response(200)
            self.send_header("Content-Length", str(len(body) - start))
            self.end_headers()
            if mode == "cut":
                self.wfile.write(body[start:start + max(1, (len(body) - start) // 3)])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body[start:])

    return Handler


def run(cmd, env=None):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    return p.returncode, p.stdout + p.stderr


class Failure(Exception):
    pass


def check(cond, what, output=""):
    if not cond:
        raise Failure(f"{what}\n--- output ---\n{output}")
    print(f"ok: {what}")


def sha(path):
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


def main(rbmdyn, mnist):
    files = {n: (pathlib.Path(mnist) / n).read_bytes() for n in NAMES}
    for n in NAMES:
        assert hashlib.sha256(files[n]).hexdigest() == OFFICIAL[n], f"{mnist}/{n} is not the official file"
    log = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_handler(files, log))
    server.handle_error = lambda request, address: None  # clients that hang up (the /cut/ case) are expected
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    env = {k: v for k, v in os.environ.items() if k not in ("RBMDYN_MNIST", "XDG_DATA_HOME")}
    env["http_proxy"] = env["https_proxy"] = env["HTTP_PROXY"] = env["ALL_PROXY"] = ""
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        fetch = lambda d, *mirrors: run([rbmdyn, "data", "--fetch", str(d)] +
                                        sum([["--mirror", f"{base}/{m}/"] for m in mirrors], []), env)
        code, out = fetch(tmp / "probe", "good")
        if "built without libcurl" in out:
            print("skipped: this rbmdyn was built without libcurl")
            return 77

        # 1. An interrupted download: exit 2, no file under its real name, the partial bytes kept.
        d = tmp / "interrupted"
        code, out = fetch(d, "cut")
        check(code == 2 and "could not download train-images-idx3-ubyte.gz" in out and "run again to resume" in out,
              "an interrupted download fails with exit 2 and says it can resume", out)
        part = d / "train-images-idx3-ubyte.gz.part"
        check(not (d / NAMES[0]).exists() and part.exists() and 0 < part.stat().st_size < len(files[NAMES[0]]),
              "the interrupted file exists only as .part, partially", out)
        kept = part.stat().st_size
        # ... resumed from the good mirror: a Range request from the kept size, then the verified file.
        log.clear()
        code, out = fetch(d, "good")
        check(code == 0, "the rerun completes", out)
        check(("good", NAMES[0], f"bytes={kept}-") in log, f"the rerun asked for bytes={kept}- (resume)", str(log))
        check(all(sha(d / n) == OFFICIAL[n] for n in NAMES) and not list(d.glob("*.part")),
              "all four files verified, no .part left", out)
        check("train: 60000 images" in out and "t10k-labels-idx1-ubyte.gz  sha256 " + OFFICIAL[NAMES[3]] in out,
              "the fetched folder validates (data summary printed)", out)

        # 2. Nothing to do the second time.
        log.clear()
        code, out = fetch(d, "good")
        check(code == 0 and not log and out.count("already present, sha256 verified") == 4,
              "a complete folder is verified and not downloaded again", out)

        # 3. A corrupted mirror alone: exit 2 naming the checksum, nothing written.
        d = tmp / "corrupt"
        code, out = fetch(d, "bad")
        check(code == 2 and "is not the official " + OFFICIAL[NAMES[0]] in out and "corrupted; deleted" in out,
              "a corrupted download is rejected by sha256", out)
        check(not any(d.iterdir()), "a corrupted download leaves no file behind", out)
        # ... and a corrupted mirror first, a good one second: the fallback is used.
        code, out = fetch(d, "bad", "good")
        check(code == 0 and all(sha(d / n) == OFFICIAL[n] for n in NAMES), "the next mirror is tried", out)

        # 4. A server that ignores Range after an interruption: the partial bytes are replaced, not appended.
        d = tmp / "norange"
        fetch(d, "cut")
        code, out = fetch(d, "norange")
        check(code == 0 and all(sha(d / n) == OFFICIAL[n] for n in NAMES),
              "a server that ignores Range still gives the verified file", out)

        # 5. torchvision's layout, decompressed: ROOT/MNIST/raw/<name without .gz>.
        root = tmp / "torchvision"
        raw = root / "MNIST" / "raw"
        raw.mkdir(parents=True)
        for n in NAMES:
            (raw / n[:-3]).write_bytes(gzip.decompress(files[n]))
        code, out = run([rbmdyn, "data", "--mnist", str(root)], env)
        check(code == 0 and "train: 60000 images" in out and str(raw / "train-images-idx3-ubyte") in out
              and "official" in out, "torchvision's MNIST/raw/ layout (raw files) is accepted", out)

        # 6. The default data folder: $XDG_DATA_HOME/rbmdyn/mnist, used when nothing else is given.
        xdg = tmp / "xdg"
        env_default = dict(env, XDG_DATA_HOME=str(xdg))
        code, out = run([rbmdyn, "data"], env_default)
        lines = [l for l in out.splitlines() if l.strip()]
        check(code == 2 and len(lines) == 2 and lines[0].startswith("rbmdyn: error: no MNIST found")
              and "--mnist DIR" in lines[0] and "RBMDYN_MNIST" in lines[0] and str(xdg / "rbmdyn" / "mnist") in lines[0]
              and "MNIST/raw/" in lines[0] and "rbmdyn data --fetch" in lines[1],
              "missing MNIST: a two-line error naming --mnist, RBMDYN_MNIST, the default folder and --fetch", out)
        code, out = run([rbmdyn, "data", "--fetch", "--mirror", f"{base}/good/"], env_default)
        check(code == 0 and all(sha(xdg / "rbmdyn" / "mnist" / n) == OFFICIAL[n] for n in NAMES),
              "--fetch without a folder downloads into the default data folder", out)
        code, out = run([rbmdyn, "data"], env_default)
        check(code == 0 and str(xdg / "rbmdyn" / "mnist" / NAMES[0]) in out,
              "commands find MNIST in the default data folder", out)
    server.shutdown()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1], sys.argv[2]))
    except Failure as e:
        print(f"FAILED: {e}")
        sys.exit(1)
