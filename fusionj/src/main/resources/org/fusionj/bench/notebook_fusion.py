"""Notebook-equivalent fused multi-modal EM in numpy, for FusionJ's cold-start benchmark.

Written for FusionJ from the method description in docs/fusion.md ("tutorial" preset): min-max normalised inputs,
30 outer iterations of a unit gradient step on the HAADF and Poisson terms, a clip to x >= 0 and, per map, 3
iterations of the notebook's anisotropic FGP TV step (rows 1..h-3 and columns 1..w-2 regularised, the image of the
extrapolated duals returned), in double precision, then the fused maps saved as .npy. It stands in for running the
published notebook as a process (python start-up, numpy import, load, solve, save): same operations, same array
sizes. Usage: python3 notebook_fusion.py DATA.npz OUT_DIR
"""
import sys
import time

t_start = time.perf_counter()
import numpy as np  # noqa: E402  (the import is part of what a process pays)


def normalise(a):
    a = a.astype(np.float64)
    return (a - a.min()) / (a.max() - a.min())


def image(b, p, q, lam):
    lp = p.copy()
    lp[:-1, :] -= p[1:, :]
    lq = q.copy()
    lq[:, :-1] -= q[:, 1:]
    return np.maximum(b - lam * (lp + lq), 0)


def tv_fgp(b, lam, n_iter):
    h, w = b.shape
    step = 1.0 / (8.0 * lam)
    p = np.zeros_like(b)
    q = np.zeros_like(b)
    p_old = p
    q_old = q
    t = 1.0
    beta = 0.0
    for _ in range(n_iter):
        rp = p + beta * (p - p_old)
        rq = q + beta * (q - q_old)
        u = image(b, rp, rq, lam)
        np_ = np.zeros_like(b)
        nq = np.zeros_like(b)
        np_[1:h - 2, :] = rp[1:h - 2, :] + step * (u[1:h - 2, :] - u[0:h - 3, :])
        nq[:, 1:w - 1] = rq[:, 1:w - 1] + step * (u[:, 1:w - 1] - u[:, 0:w - 2])
        p_old, q_old = p, q
        p = np.clip(np_, -1, 1)
        q = np.clip(nq, -1, 1)
        t_next = (1 + np.sqrt(1 + 4 * t * t)) / 2
        beta = (t - 1) / t_next
        t = t_next
    return image(b, p + beta * (p - p_old), q + beta * (q - q_old), lam)


def fuse(haadf, maps, z, gamma=1.6, lam_chem=0.08, lam_tv=0.15, n_iter=30, n_iter_tv=3, bkg=0.24):
    b = normalise(haadf)
    x0 = np.array([normalise(m) for m in maps])
    w = np.array(z, dtype=np.float64) / np.mean(z)
    w = w.astype(np.float16).astype(np.float64)
    lam_h = 1.0 / len(maps)
    x = x0.copy()
    cost_h = np.zeros(n_iter)
    cost_c = np.zeros(n_iter)
    cost_tv = np.zeros(n_iter)
    for k in range(n_iter):
        model = np.einsum('e,ehw->hw', w, x ** gamma)
        r = model - b
        grad = gamma * lam_h * x ** (gamma - 1) * (w[:, None, None] * r[None]) + lam_chem * (1 - x0 / (x + bkg))
        x = np.maximum(x - grad, 0)
        for e in range(len(maps)):
            x[e] = tv_fgp(x[e], lam_tv, n_iter_tv)
        model = np.einsum('e,ehw->hw', w, x ** gamma)
        cost_h[k] = 0.5 * np.sum((model - b) ** 2)
        cost_c[k] = np.sum(x0 * np.log(x + 1e-8) - x)
        d0 = np.diff(x, axis=1)
        d1 = np.diff(x, axis=2)
        cost_tv[k] = np.sqrt(np.sum(d0 ** 2) + np.sum(d1 ** 2))
    return x, model, (cost_h, cost_c, cost_tv)


def main():
    data = np.load(sys.argv[1])
    out = sys.argv[2]
    t0 = time.perf_counter()
    x, model, costs = fuse(data['HAADF'], [data['Sc'], data['Dy'], data['O']], [21, 66, 8])
    t1 = time.perf_counter()
    for name, m in zip(['Sc', 'Dy', 'O'], x):
        np.save(f"{out}/fused_{name}.npy", m.astype(np.float32))
    np.save(f"{out}/model_haadf.npy", model.astype(np.float32))
    print(f"solve {t1 - t0:.3f} s, process so far {time.perf_counter() - t_start:.3f} s")


if __name__ == "__main__":
    main()
