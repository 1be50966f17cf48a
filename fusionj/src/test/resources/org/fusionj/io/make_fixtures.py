#!/usr/bin/env python3
"""Regenerates the NPY/NPZ fixtures used by the org.fusionj.io tests.

Run from any directory: python3 make_fixtures.py
The files are written next to this script. The expected values hard-coded in
the Java tests mirror the arrays defined here, so change both together.
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def save(name, array, version=None):
    path = os.path.join(HERE, name)
    with open(path, "wb") as f:
        np.lib.format.write_array(f, array, version=version, allow_pickle=False)


def main():
    # float32, C order: values 0, 0.5, 1, ... 5.5
    save("f32_c.npy", (np.arange(12, dtype="<f4") * 0.5).reshape(3, 4))
    # float64, Fortran order, 3-D: C-order value at (i, j, k) is 100*i + 10*j + k
    i, j, k = np.indices((2, 3, 4))
    save("f64_fortran_3d.npy", np.asfortranarray((100 * i + 10 * j + k).astype("<f8")))
    # int32, C order, 3-D
    save("i4_3d.npy", np.arange(-12, 12, dtype="<i4").reshape(2, 3, 4))
    # big-endian float64
    save("f8_big_endian.npy", np.array([1.5, -2.25, 1e300], dtype=">f8"))
    save("i2.npy", np.array([[-32768, -1], [0, 32767]], dtype="<i2"))
    save("u1.npy", np.array([0, 1, 254, 255], dtype="u1"))
    save("u8.npy", np.array([0, 2**64 - 1], dtype="<u8"))
    save("i8.npy", np.array([-(2**53), 2**53], dtype="<i8"))
    save("bool.npy", np.array([True, False, True]))
    save("scalar_0d.npy", np.array(3.25))
    save("empty.npy", np.zeros((0,), dtype="<f4"))
    save("f4_v2.npy", np.array([[1, 2], [3, 4]], dtype="<f4"), version=(2, 0))
    save("f4_v3.npy", np.array([7, 8], dtype="<f4"), version=(3, 0))
    # unsupported dtypes
    save("c16.npy", np.array([1 + 2j], dtype="<c16"))
    save("structured.npy", np.zeros(2, dtype=[("x", "<f4"), ("y", "<i4")]))

    # archive order deliberately not alphabetical
    arrays = dict(
        zeta=np.arange(6, dtype="<f8").reshape(2, 3),
        alpha=np.array([1, 2, 3], dtype="<f4"),
        mid=np.array([[True, False]]),
    )
    np.savez(os.path.join(HERE, "stored.npz"), **arrays)
    np.savez_compressed(os.path.join(HERE, "compressed.npz"), **arrays)


if __name__ == "__main__":
    main()
