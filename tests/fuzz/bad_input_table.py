#!/usr/bin/env python3
"""Bad inputs of every kind rbmdyn reads, tried through the CLI as a user would; the Markdown table of
docs/reliability.md (file kind, fault, exit code, what the user sees).

    python3 tests/fuzz/bad_input_table.py BUILD_DIR                 # print the table
    python3 tests/fuzz/bad_input_table.py BUILD_DIR --write DOC     # put it into DOC between the markers
    python3 tests/fuzz/bad_input_table.py BUILD_DIR --check DOC     # fail if DOC's table differs (CI)

BUILD_DIR is a fuzz build (cmake -DRBMDYN_FUZZ=ON, e.g. build-fuzz): its rbmdyn has the sanitizers
compiled in, so a memory error or undefined behaviour would show in the table, and its
rbmdyn_fuzz_seeds --fixtures writes the valid files each case starts from. Exit 2 is the CLI's
"bad input" code; the script fails when a case crashes, exits otherwise than 2, prints anything but
one `rbmdyn: error:` line, or that line does not name the damaged input (a path under case/).
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else "build-fuzz")
MODE, DOC = (sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else (None, None)
if MODE not in (None, "--write", "--check"):
    sys.exit("usage: bad_input_table.py BUILD_DIR [--write DOC | --check DOC]")
BEGIN, END = "<!-- bad-input table: begin (tests/fuzz/bad_input_table.py) -->", "<!-- bad-input table: end -->"
RBMDYN = os.path.join(BUILD, "apps", "rbmdyn")
WORK = tempfile.mkdtemp(prefix="rbmdyn-bad-inputs-")
FIX = os.path.join(WORK, "fixtures")
subprocess.run([os.path.join(BUILD, "tests", "fuzz", "rbmdyn_fuzz_seeds"), "--fixtures", FIX], check=True)
rows, problems = [], []


def run(kind, fault, args):
    env = dict(os.environ, RBMDYN_MNIST=os.path.join(FIX, "mnist"), OMP_NUM_THREADS="1")
    p = subprocess.run([RBMDYN] + args, capture_output=True, text=True, errors="replace", env=env, timeout=600)
    # The one error line; the device notice ("rbmdyn: device cpu (auto; ...)", printed once options are
    # parsed) is information, not part of what the user sees of the fault.
    lines = [l for l in p.stderr.splitlines() if l.strip() and not l.startswith("rbmdyn: device ")]
    text = lines[0] if lines else "(nothing)"
    names_input = (WORK + "/case/") in text
    if p.returncode != 2 or len(lines) != 1 or not text.startswith("rbmdyn: error: ") or not names_input:
        problems.append(f"{kind} / {fault}: exit {p.returncode}: {p.stderr[:2000]}")
    text = text.replace(WORK + "/", "").replace("|", "\\|")
    rows.append(f"| {kind} | {fault} | {p.returncode} | `{text}` |")


def fresh(name):
    path = os.path.join(WORK, "case", name)
    shutil.rmtree(os.path.dirname(path), ignore_errors=True)
    os.makedirs(os.path.dirname(path))
    return path


def put(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def get(path):
    with open(path, "rb") as f:
        return f.read()


# ---------------------------------------------------------------- NPY (analyze --pred, --entropy)
def npy(header, data=b"", version=1):
    prefix = 10 if version == 1 else 12
    header += " " * ((64 - (prefix + len(header) + 1) % 64) % 64) + "\n"
    size = struct.pack("<H" if version == 1 else "<I", len(header))
    return b"\x93NUMPY" + bytes([version, 0]) + size + header.encode("latin-1") + data


def d(descr, shape):
    return "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape)


def npy_case(fault, content, flag="--pred"):
    path = fresh("pred.npy" if flag == "--pred" else "entropy.npy")
    put(path, content)
    args = ["analyze", "--out", os.path.join(WORK, "out")]
    if flag == "--pred":
        args += ["--pred", path]
    else:
        good = fresh("good.npy").replace("good.npy", "ok.npy")
        put(good, npy(d("|u1", "(2, 3)"), bytes([1, 2, 3, 4, 5, 10])))
        put(path, content)
        args += ["--pred", good, flag, path]
    run("NPY", fault, args)


npy_case("not an NPY file", b"hello world, not numpy")
npy_case("truncated header", npy(d("|u1", "(2, 3)"))[:20])
npy_case("truncated data", npy(d("|u1", "(2, 3)"), b"\x01\x02"))
npy_case("trailing bytes", npy(d("|u1", "(2, 3)"), bytes(10)))
npy_case("shape product overflows (2^58 × 784)", npy(d("<f4", "(288230376151711744, 784)"), bytes(16)))
npy_case("empty array with huge dimensions", npy(d("|u1", "(0, 4611686018427387904, 4611686018427387904)")))
npy_case("negative dimension", npy(d("|u1", "(-2, 3)"), bytes(6)))
npy_case("dimension beyond 2^63", npy(d("|u1", "(99999999999999999999999, 1)"), bytes(6)))
npy_case("non-integer dimension", npy(d("|u1", "(2.5, 3)"), bytes(6)))
npy_case("item size beyond 2^64 ('<f99999999999999999999')", npy(d("<f99999999999999999999", "(2, 3)")))
npy_case("garbage dtype ('<fx')", npy(d("<fx", "(2, 3)")))
npy_case("object dtype ('|O', pickled)", npy(d("|O", "(2, 3)"), bytes(48)))
npy_case("big-endian ('>i4')", npy(d(">i4", "(2, 3)"), bytes(24)))
npy_case("unicode strings ('<U5')", npy(d("<U5", "(2, 3)"), bytes(120)))
npy_case("structured dtype", npy("{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (2, 3), }", bytes(24)))
npy_case("Fortran order", npy("{'descr': '|u1', 'fortran_order': True, 'shape': (2, 3), }", bytes(6)))
npy_case("key given twice", npy("{'descr': '|u1', 'descr': '|u1', 'fortran_order': False, 'shape': (2, 3)}", bytes(6)))
npy_case("unknown key", npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), 'x': 1}", bytes(6)))
npy_case("no 'shape'", npy("{'descr': '|u1', 'fortran_order': False}", bytes(6)))
npy_case("header of 1 MB (format 2.0)", npy(" " * 1000000, version=2))
npy_case("format version 4.0", b"\x93NUMPY\x04\x00\x00\x00")
npy_case("float predictions", npy(d("<f4", "(2, 3)"), bytes(24)))
npy_case("class 11 in predictions", npy(d("|u1", "(2, 3)"), bytes([1, 2, 3, 4, 5, 11])))
npy_case("1-D predictions", npy(d("|u1", "(6,)"), bytes(6)))
npy_case("NaN in --entropy", npy(d("<f4", "(2, 3)"), struct.pack("<6f", 0, 0, float("nan"), 0, 0, 0)), "--entropy")
npy_case("--entropy shape differs", npy(d("<f4", "(3, 2)"), bytes(24)), "--entropy")
path = fresh("pred.npy")
put(path, npy(d("|u1", "(4, 3)"), bytes([1, 2, 3, 3, 3, 3, 10, 1, 1, 0, 0, 0])))
run("NPY", "--label-biasing, 2-D predictions, no grouping", ["analyze", "--pred", path, "--label-biasing", "--out",
                                                            os.path.join(WORK, "out")])
put(path, npy(d("|u1", "(3, 2, 2)"), bytes(12)))
run("NPY", "--label-biasing, 3 vectors (a shard)", ["analyze", "--pred", path, "--label-biasing", "--out",
                                                   os.path.join(WORK, "out")])


# ---------------------------------------------------------------- safetensors
def st_split(data):
    n = struct.unpack("<Q", data[:8])[0]
    return json.loads(data[8:8 + n]), data[8 + n:]


def st_join(header, body, raw_header=None):
    text = raw_header if raw_header is not None else json.dumps(header, separators=(",", ":"))
    return struct.pack("<Q", len(text)) + text.encode() + body


def st_without(header, body, name):
    """The file without tensor `name`, its bytes removed and the others moved up (still well formed)."""
    header = json.loads(json.dumps(header))
    begin, end = header.pop(name)["data_offsets"]
    for key, entry in header.items():
        if key != "__metadata__" and entry["data_offsets"][0] >= end:
            entry["data_offsets"] = [o - (end - begin) for o in entry["data_offsets"]]
    return st_join(header, body[:begin] + body[end:])


def rbm_case(fault, content):
    path = fresh("rbm.safetensors")
    put(path, content)
    run("RBM (safetensors)", fault, ["biasing", "--rbm", path, "--out", os.path.join(WORK, "out")])


rbm = get(os.path.join(FIX, "rbm.safetensors"))
h, body = st_split(rbm)
rbm_case("3 bytes", b"abc")
rbm_case("header length beyond the file", struct.pack("<Q", 10**6) + rbm[8:100])
rbm_case("header not JSON", st_join(None, body, "{not json"))
rbm_case("header a JSON array", st_join(None, body, "[1, 2]"))
rbm_case("tensor named twice", st_join(None, body, json.dumps(h)[:-1] + ',"b_h":' + json.dumps(h["b_h"]) + "}"))
rbm_case("metadata key twice", st_join(None, body, json.dumps(h).replace('"__metadata__": {', '"__metadata__": {"a": "1", "a": "2", ')))
rbm_case("trailing bytes after the tensors", st_join(h, body + b"\0" * 8))
rbm_case("data section truncated", st_join(h, body[:-4]))
x = json.loads(json.dumps(h)); x["W"]["data_offsets"] = [x["W"]["data_offsets"][0], x["W"]["data_offsets"][1] - 4]
rbm_case("bytes do not match the shape", st_join(x, body))
x = json.loads(json.dumps(h)); x["W"]["shape"] = [4294967296, 4294967296]
rbm_case("shape product overflows", st_join(x, body))
x = json.loads(json.dumps(h)); x["W"]["dtype"] = "F8_E4M3"
rbm_case("unknown dtype", st_join(x, body))
x = json.loads(json.dumps(h)); x["b_v"]["data_offsets"] = [x["b_h"]["data_offsets"][0], x["b_h"]["data_offsets"][0] + 24]
rbm_case("tensors overlap", st_join(x, body))
rbm_case("tensor 'W' missing", st_without(h, body, "W"))
x = json.loads(json.dumps(h)); x["b_h"]["dtype"] = "I32"
rbm_case("b_h stored as int32", st_join(x, body))
w0 = h["W"]["data_offsets"][0]
rbm_case("NaN in W", st_join(h, body[:w0] + struct.pack("<f", float("nan")) + body[w0 + 4:]))
rbm_case("+Inf in W", st_join(h, body[:w0] + struct.pack("<f", float("inf")) + body[w0 + 4:]))
rbm_case("|W| = 1e30 (finite, out of range)", st_join(h, body[:w0] + struct.pack("<f", 1e30) + body[w0 + 4:]))
bh = h["b_h"]["data_offsets"][0]
rbm_case("b_h = -5e6 (out of range)", st_join(h, body[:bh] + struct.pack("<f", -5e6) + body[bh + 4:]))


def meta_edit(src, key, value):
    hh, bb = st_split(get(src))
    hh["__metadata__"][key] = value
    return st_join(hh, bb)


def cls_case(fault, content):
    path = fresh("classifier.safetensors")
    put(path, content)
    images = os.path.join(WORK, "images.npy")
    put(images, npy(d("<f4", "(1, 784)"), bytes(784 * 4)))
    run("classifier (safetensors)", fault, ["classify", "--classifier", path, "--images", images, "--out",
                                             os.path.join(WORK, "out")])


cls = os.path.join(FIX, "classifier.safetensors")
ch, cb = st_split(get(cls))
arch = json.loads(ch["__metadata__"]["arch"])
cls_case("an RBM file instead", rbm)
cls_case("'arch' not JSON", meta_edit(cls, "arch", "{oops"))
cls_case("'arch' with 1e300 channels (float in an integer field)",
         meta_edit(cls, "arch", json.dumps(dict(arch, block_channels=[1e300]))))
cls_case("'arch' with 0 classes", meta_edit(cls, "arch", json.dumps(dict(arch, classes=0))))
cls_case("'arch' describing a 4096-channel network", meta_edit(cls, "arch", json.dumps(dict(arch, block_channels=[4096]))))
x = json.loads(json.dumps(ch)); x["extra"] = {"dtype": "F32", "shape": [0], "data_offsets": [len(cb), len(cb)]}
cls_case("unexpected tensor", st_join(x, cb))
var = [k for k in ch if k.endswith("running_var")][0]
v0 = ch[var]["data_offsets"][0]
cls_case("negative running variance", st_join(ch, cb[:v0] + struct.pack("<f", -1.0) + cb[v0 + 4:]))
cls_case("NaN in a weight", st_join(ch, cb[:4] + struct.pack("<f", float("nan")) + cb[8:]))


cls_case("architecture for 4×4 inputs (cannot label RBM samples)", get(cls))


def images_case(fault, content):
    path = fresh("images.npy")
    put(path, content)
    run("images (classify --images)", fault, ["classify", "--classifier", os.path.join(FIX, "classifier32.safetensors"),
                                               "--images", path, "--out", os.path.join(WORK, "out")])


images_case("NaN pixel", npy(d("<f4", "(2, 784)"), bytes(784 * 4) + struct.pack("<f", float("nan")) + bytes(783 * 4)))
images_case("float pixels 0..255 (not [0, 1])", npy(d("<f4", "(1, 784)"), struct.pack("<784f", *([0.0] * 783 + [255.0]))))
images_case("negative pixel (float64)", npy(d("<f8", "(1, 28, 28)"), struct.pack("<784d", *([-0.5] + [0.0] * 783))))
images_case("shape [2, 783]", npy(d("<f4", "(2, 783)"), bytes(2 * 783 * 4)))
images_case("int32 pixels", npy(d("<i4", "(1, 784)"), bytes(784 * 4)))


def ck_case(kind, fault, content, cmd):
    path = fresh("ck.safetensors")
    put(path, content)
    run(kind, fault, [cmd, "--resume", path, "--out", os.path.join(WORK, "out", "m.safetensors")])


rck = os.path.join(FIX, "rbm.ckpt.safetensors")
cfg = json.loads(st_split(get(rck))[0]["__metadata__"]["training_config"])
K = "RBM training checkpoint"
ck_case(K, "a model file, not a checkpoint", rbm, "train-rbm")
ck_case(K, "training_config not JSON", meta_edit(rck, "training_config", "nope"), "train-rbm")
ck_case(K, "batch_size 1e300 (float in an integer field)",
        meta_edit(rck, "training_config", json.dumps(dict(cfg, batch_size=1e300))), "train-rbm")
ck_case(K, "batch_size 2^40 (out of int range)",
        meta_edit(rck, "training_config", json.dumps(dict(cfg, batch_size=2**40))), "train-rbm")
ck_case(K, "batch_size 0 (invalid config)", meta_edit(rck, "training_config", json.dumps(dict(cfg, batch_size=0))),
        "train-rbm")
ck_case(K, "history shorter than epochs_done", meta_edit(rck, "history", "[]"), "train-rbm")
ck_case(K, "n_visible not an integer", meta_edit(rck, "n_visible", "six"), "train-rbm")
cck = os.path.join(FIX, "classifier.ckpt.safetensors")
state = json.loads(st_split(get(cck))[0]["__metadata__"]["state"])
K = "classifier training checkpoint"
ck_case(K, "state not JSON", meta_edit(cck, "state", "{"), "train-classifier")
ck_case(K, "epochs_done = 1.5", meta_edit(cck, "state", json.dumps(dict(state, epochs_done=1.5))), "train-classifier")
ck_case(K, "training_config with lr 0", meta_edit(cck, "training_config", json.dumps(dict(
    json.loads(st_split(get(cck))[0]["__metadata__"]["training_config"]), lr=0))), "train-classifier")
hh, bb = st_split(get(cck))
ck_case(K, "a tensor of the best model missing", st_without(hh, bb, "best.fc1.weight"), "train-classifier")


# ---------------------------------------------------------------- MNIST IDX (data --mnist)
def be32(*v):
    return struct.pack(">%dI" % len(v), *v)


def gz(raw):
    c = zlib.compressobj(9, zlib.DEFLATED, 16 + 15)
    return c.compress(raw) + c.flush()


def mnist_case(fault, images=None, labels=None, image_name="train-images-idx3-ubyte.gz"):
    folder = os.path.dirname(fresh("mnist/x"))
    for name in os.listdir(os.path.join(FIX, "mnist")):
        shutil.copy(os.path.join(FIX, "mnist", name), folder)
    if images is not None:
        os.remove(os.path.join(folder, "train-images-idx3-ubyte.gz"))
        put(os.path.join(folder, image_name), images)
    if labels is not None:
        put(os.path.join(folder, "train-labels-idx1-ubyte"), labels)
    run("MNIST IDX", fault, ["data", "--mnist", folder])


img3 = be32(0x803, 3, 28, 28) + bytes(3 * 784)
mnist_case("labels file given for images", images=gz(be32(0x801, 3) + bytes(3)))
mnist_case("bad magic", images=gz(be32(0x804, 3, 28, 28) + bytes(3 * 784)))
mnist_case("32×32 images", images=gz(be32(0x803, 3, 32, 32) + bytes(3 * 1024)))
mnist_case("truncated (raw)", images=img3[:-10], image_name="train-images-idx3-ubyte")
mnist_case("trailing bytes (raw)", images=img3 + b"\0", image_name="train-images-idx3-ubyte")
mnist_case("label 10", labels=be32(0x801, 3) + bytes([1, 10, 2]))
mnist_case("4 labels for 3 images", labels=be32(0x801, 4) + bytes(4))
mnist_case("truncated gzip stream", images=gz(img3)[:-30])
mnist_case("corrupt gzip data", images=gz(img3)[:20] + b"\xff" * 20 + gz(img3)[40:])
mnist_case("gzip bomb: 3 images then 256 MB of zeros (250 kB of gzip)", images=gz(img3 + bytes(1 << 28)))
mnist_case("header promising 2^32-1 images (3.4 TB)", images=gz(be32(0x803, 2**32 - 1, 28, 28)))
mnist_case("garbage after the gzip stream", images=gz(img3) + b"junk")


# ---------------------------------------------------------------- biasing folder (generate --biasing)
def npy_f32(rows, cols, values):
    return npy(d("<f4", "(%d, %d)" % (rows, cols)), struct.pack("<%df" % len(values), *values))


def biasing_case(fault, edits, removes=()):
    folder = os.path.dirname(fresh("biasing/x"))
    shutil.rmtree(folder)
    shutil.copytree(os.path.join(FIX, "biasing"), folder)
    for name, content in edits.items():
        put(os.path.join(folder, name), content)
    for name in removes:
        os.remove(os.path.join(folder, name))
    run("biasing folder", fault, ["generate", "--rbm", os.path.join(FIX, "rbm784.safetensors"), "--biasing", folder,
                                  "--out", os.path.join(WORK, "out")])


def biasing_array(name):
    data = get(os.path.join(FIX, "biasing", name))
    hl = struct.unpack("<H", data[8:10])[0]
    return data[:10 + hl], list(struct.unpack("<%df" % ((len(data) - 10 - hl) // 4), data[10 + hl:]))


lb_head, lb = biasing_array("lb.npy")
biasing_case("lb.npy missing", {}, ["lb.npy"])
biasing_case("lb.npy 9 rows", {"lb.npy": npy_f32(9, 6, lb[:54])})
biasing_case("NaN in lb.npy", {"lb.npy": lb_head + struct.pack("<60f", *([float("nan")] + lb[1:]))})
biasing_case("lb.npy value 5 (outside [0, 1])", {"lb.npy": lb_head + struct.pack("<60f", *(lb[:13] + [5.0] + lb[14:]))})
biasing_case("lb.npy value -0.25", {"lb.npy": lb_head + struct.pack("<60f", *(lb[:13] + [-0.25] + lb[14:]))})
in_head, inter = biasing_array("intersection.npy")
biasing_case("intersection.npy not binary",
             {"intersection.npy": in_head + struct.pack("<270f", *([0.5] + inter[1:]))})
biasing_case("intersection.npy 5 columns (n_hidden disagrees)", {"intersection.npy": npy_f32(45, 5, inter[:225])})
biasing_case("pairs.npy rows swapped", {"pairs.npy": npy(d("<i4", "(45, 2)"), struct.pack("<90i", *([0, 2, 0, 1] + [0] * 86)))})
biasing_case("overlap.npy disagrees with intersection.npy", {"overlap.npy": npy(d("<i4", "(45,)"), struct.pack("<45i", *([7] * 45)))})
biasing_case("summary.json not JSON", {"summary.json": b"{k: 2"})
biasing_case("summary.json k = 1e300", {"summary.json": b'{"k": 1e300}'})
biasing_case("summary.json k = 99 (> n_hidden)", {"summary.json": b'{"k": 99}'})
folder = fresh("biasing-file")
put(folder, b"not a folder")
run("biasing folder", "--biasing names a file", ["generate", "--rbm", os.path.join(FIX, "rbm784.safetensors"),
                                                  "--biasing", folder, "--out", os.path.join(WORK, "out")])


# ---------------------------------------------------------------- sweep shards (merge)
def shard_case(fault, edit, which=("shard0", "shard1")):
    root = os.path.dirname(fresh("shards/x"))
    shutil.rmtree(root)
    shutil.copytree(os.path.join(FIX, "shards"), root)
    edit(root)
    run("sweep shards (merge)", fault, ["merge", "--out", os.path.join(WORK, "merged")] +
        [os.path.join(root, s) for s in which])


def config_edit(fn):
    def edit(root):
        p = os.path.join(root, "shard1", "config.json")
        c = json.load(open(p))
        fn(c)
        put(p, json.dumps(c).encode())
    return edit


shard_case("config.json missing", lambda r: os.remove(os.path.join(r, "shard1", "config.json")))
shard_case("config.json not JSON", lambda r: put(os.path.join(r, "shard1", "config.json"), b"{"))
shard_case("config.json a JSON array", lambda r: put(os.path.join(r, "shard1", "config.json"), b"[]"))
shard_case("format is not rbmdyn.sweep", config_edit(lambda c: c.update(format="other")))
shard_case("'options' missing", config_edit(lambda c: c.pop("options")))
shard_case("chains = 2.5", config_edit(lambda c: c["options"].update(chains=2.5)))
shard_case("steps = 1e300", config_edit(lambda c: c["options"].update(steps=1e300)))
shard_case("chains = 0", config_edit(lambda c: c["options"].update(chains=0)))
shard_case("covered vectors disagree with the shard", config_edit(lambda c: c["vectors"].update(first=3)))
shard_case("other options than the other shard", config_edit(lambda c: c["options"].update(seed=12)))
shard_case("pred.npy shape disagrees", lambda r: put(os.path.join(r, "shard1", "pred.npy"), npy(d("|u1", "(5, 2, 2)"), bytes(20))))
shard_case("class 11 in pred.npy", lambda r: put(os.path.join(r, "shard1", "pred.npy"), npy(d("|u1", "(5, 2, 3)"), bytes([11] * 30))))
shard_case("NaN in entropy.npy", lambda r: put(os.path.join(r, "shard1", "entropy.npy"),
                                                npy(d("<f4", "(5, 2, 3)"), struct.pack("<30f", *([float("nan")] + [0.5] * 29)))))
shard_case("activity.npy 500 %", lambda r: put(os.path.join(r, "shard1", "activity.npy"),
                                               npy(d("<f4", "(5, 2, 3)"), struct.pack("<30f", *([500.0] + [20.0] * 29)))))
shard_case("entropy.npy float64", lambda r: put(os.path.join(r, "shard1", "entropy.npy"), npy(d("<f8", "(5, 2, 3)"), bytes(240))))
shard_case("biasing/lb.npy differs", lambda r: put(os.path.join(r, "shard1", "biasing", "lb.npy"),
                                                   get(os.path.join(r, "shard1", "biasing", "lb.npy"))[:-4] + struct.pack("<f", 0.5)))
shard_case("one shard of two", lambda r: None, which=("shard0",))
shard_case("the same shard twice", lambda r: None, which=("shard0", "shard0"))

table = "\n".join(["| file kind | fault | exit | what the user sees |", "|---|---|---|---|"] + rows) + "\n"
shutil.rmtree(WORK, ignore_errors=True)
if problems:
    print("PROBLEMS:\n" + "\n\n".join(problems), file=sys.stderr)
    sys.exit(1)
if MODE is None:
    sys.stdout.write(table)
    sys.exit(0)
with open(DOC, encoding="utf-8") as f:
    doc = f.read()
if BEGIN not in doc or END not in doc:
    sys.exit(f"{DOC}: no table markers ({BEGIN} ... {END})")
head, rest = doc.split(BEGIN, 1)
old, tail = rest.split(END, 1)
if MODE == "--check":
    if old.strip("\n") != table.strip("\n"):
        import difflib
        sys.stderr.writelines(difflib.unified_diff(old.strip("\n").splitlines(True), table.strip("\n").splitlines(True),
                                                   DOC, "now"))
        sys.exit(f"\n{DOC}: the bad-input table is out of date; regenerate it with "
                 f"python3 tests/fuzz/bad_input_table.py BUILD_DIR --write {DOC}")
    print(f"bad-input table: {len(rows)} cases, each one clear error naming the input; {DOC} is up to date")
else:
    with open(DOC, "w", encoding="utf-8") as f:
        f.write(head + BEGIN + "\n" + table + END + tail)
    print(f"bad-input table: {len(rows)} cases written to {DOC}")
