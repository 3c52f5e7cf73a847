#!/usr/bin/env python3
"""Writes the small CIFAR-10 fixtures the tests read (Tests/NNDLTests/Fixtures/cifar/):

- tiny_batch.bin        4 records in the official binary layout (label byte + 3072 planar pixels)
- tiny_batch_py2        the same 4 images as the official Python 2 pickles are written (protocol 2,
                        SHORT_BINSTRING/BINSTRING strings, numpy.core.multiarray._reconstruct, dtype 'u1'),
                        opcodes written by hand below
- tiny_batch_py3        the same images pickled today: pickle.dump(d, f, protocol=2) under Python 3 + NumPy 2
                        (bytes as _codecs.encode, numpy._core.multiarray)
- tiny_meta_py2         batches.meta with the 10 label names, Python 2 style
Deterministic: the pixels come from numpy.random.RandomState(7).
"""
import os, pickle, struct, sys
import numpy as np

N = 4
rng = np.random.RandomState(7)
pixels = rng.randint(0, 256, size=(N, 3072)).astype(np.uint8)
labels = [3, 0, 9, 5]
names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "Tests", "NNDLTests", "Fixtures", "cifar")
os.makedirs(out, exist_ok=True)

with open(os.path.join(out, "tiny_batch.bin"), "wb") as f:
    for label, row in zip(labels, pixels):
        f.write(bytes([label]) + row.tobytes())

def s(b):  # SHORT_BINSTRING or BINSTRING, as Python 2 writes str
    return (b"U" + bytes([len(b)]) + b) if len(b) < 256 else (b"T" + struct.pack("<I", len(b)) + b)

def i(v):  # BININT1 / BININT2 / BININT
    if 0 <= v < 256: return b"K" + bytes([v])
    if 0 <= v < 65536: return b"M" + struct.pack("<H", v)
    return b"J" + struct.pack("<i", v)

def py2_batch(data, labels):
    p = b"\x80\x02}q\x01("
    p += s(b"batch_label") + s(b"testing batch 1 of 1")
    p += s(b"labels") + b"]q\x02(" + b"".join(i(l) for l in labels) + b"e"
    p += s(b"data") + b"cnumpy.core.multiarray\n_reconstruct\nq\x03cnumpy\nndarray\nq\x04" + i(0) + b"\x85" + s(b"b") + b"\x87Rq\x05("
    p += i(1) + i(data.shape[0]) + i(data.shape[1]) + b"\x86"
    p += b"cnumpy\ndtype\nq\x06" + s(b"u1") + i(0) + i(1) + b"\x87Rq\x07(" + i(3) + s(b"|") + b"NNN" + i(-1) + i(-1) + i(0) + b"tb"
    p += b"\x89" + s(data.tobytes()) + b"tb"
    p += s(b"filenames") + b"]q\x08(" + b"".join(s(b"img_%d.png" % k) for k in range(len(labels))) + b"e"
    return p + b"u."

def py2_meta():
    p = b"\x80\x02}q\x01(" + s(b"num_cases_per_batch") + i(10000)
    p += s(b"label_names") + b"]q\x02(" + b"".join(s(n.encode()) for n in names) + b"e"
    return p + s(b"num_vis") + i(3072) + b"u."

with open(os.path.join(out, "tiny_batch_py2"), "wb") as f:
    f.write(py2_batch(pixels, labels))
with open(os.path.join(out, "tiny_meta_py2"), "wb") as f:
    f.write(py2_meta())
with open(os.path.join(out, "tiny_batch_py3"), "wb") as f:
    pickle.dump({b"batch_label": b"testing batch 1 of 1", b"labels": labels, b"data": pixels,
                 b"filenames": [b"img_%d.png" % k for k in range(N)]}, f, protocol=2)

# Check the hand-written Python 2 files load in Python 3 as the notebooks load them.
for name in ["tiny_batch_py2", "tiny_batch_py3"]:
    with open(os.path.join(out, name), "rb") as f:
        d = pickle.load(f, encoding="bytes")
    assert (d[b"data"] == pixels).all() and list(d[b"labels"]) == labels, name
with open(os.path.join(out, "tiny_meta_py2"), "rb") as f:
    assert [n.decode() for n in pickle.load(f, encoding="bytes")[b"label_names"]] == names
print("wrote", out)
