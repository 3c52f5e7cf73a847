#!/usr/bin/env python3
"""Writes the .npz fixtures NPZTests reads, with the NumPy on this machine.

    python3 Scripts/make_npz_fixture.py

numpy_savez.npz            np.savez (stored entries whose local headers carry ZIP64 extra fields)
numpy_savez_compressed.npz np.savez_compressed (deflate): the same arrays and a 3072×50 float64 ramp

The values are small and exact so the Swift test can pin them; change both together.
"""
import os
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "NNDLTests", "Fixtures")

arrays = dict(
    W1=np.arange(6, dtype=np.float64).reshape(2, 3) * 0.25 - 0.5,
    b1=np.array([0.5, -1.5, 3.25], dtype=np.float32),
    y=np.array([3, 0, 9, 1], dtype=np.int64),
    counts=np.array([-2, 2147483647], dtype=np.int32),
    pixels=np.array([[0, 255], [17, 128]], dtype=np.uint8),
    mask=np.array([True, False, True]),
    t=np.array(7),
    name=np.array("héllo"),
)

np.savez(os.path.join(OUT, "numpy_savez.npz"), **arrays)
np.savez_compressed(os.path.join(OUT, "numpy_savez_compressed.npz"), **arrays,
                    ramp=(np.arange(3072 * 50, dtype=np.float64) % 251).reshape(3072, 50) / 8)
for name in ("numpy_savez.npz", "numpy_savez_compressed.npz"):
    path = os.path.join(OUT, name)
    print(path, os.path.getsize(path), "bytes, numpy", np.__version__)
