# Reads a FusionJ maps.zarr with numpy and zlib only, from the Zarr v2 specification (not FusionJ's reader), and
# checks it: python3 zarr_v2_check.py results/maps.zarr (numpy needed; docs/scale-out.md, Figures).
import json, os, sys, zlib, itertools
import numpy as np
def read(path):
    meta = json.load(open(os.path.join(path, ".zarray")))
    assert meta["zarr_format"] == 2 and meta["order"] == "C" and meta["filters"] is None
    shape, chunks, dt = meta["shape"], meta["chunks"], np.dtype(meta["dtype"])
    fill = {"NaN": np.nan}.get(meta["fill_value"], meta["fill_value"])
    sep = meta.get("dimension_separator", ".")
    out = np.full(shape, fill, dtype=dt)
    grid = [range((s + c - 1) // c) for s, c in zip(shape, chunks)]
    n = 0
    for idx in itertools.product(*grid):
        f = os.path.join(path, sep.join(map(str, idx)))
        if not os.path.exists(f):
            continue
        raw = open(f, "rb").read()
        comp = meta["compressor"]
        if comp is not None:
            assert comp["id"] == "zlib", comp
            raw = zlib.decompress(raw)
        block = np.frombuffer(raw, dtype=dt).reshape(chunks)   # v2: edge chunks are stored whole
        sl = tuple(slice(i * c, min((i + 1) * c, s)) for i, c, s in zip(idx, chunks, shape))
        out[sl] = block[tuple(slice(0, x.stop - x.start) for x in sl)]
        n += 1
    return out, n
group = sys.argv[1]
assert json.load(open(os.path.join(group, ".zgroup")))["zarr_format"] == 2
attrs = json.load(open(os.path.join(group, ".zattrs")))
mask, n1 = read(os.path.join(group, "mask"))
hh, n2 = read(os.path.join(group, "half_height"))
lab, n3 = read(os.path.join(group, "particles"))
e = attrs["energies_eV"]
assert set(np.unique(mask)) <= {0.0, 1.0}
assert np.all(np.isfinite(hh) <= (mask == 1)), "half_height finite only where mask is 1"
assert np.nanmin(hh) >= e[0] and np.nanmax(hh) <= e[-1]
assert np.all(lab == np.round(lab)) and np.all((lab > 0) <= (mask == 1))
print("shape", hh.shape, "chunks read", n1, n2, n3, "mapped", int(mask.sum()), "half_height", float(np.nanmin(hh)),
      "-", float(np.nanmax(hh)), "eV; particles", int(lab.max()), "labelled voxels", int((lab > 0).sum()))
