#!/usr/bin/env python3
"""NumPy baseline for `nndl-tui bench`: the same training steps, written the way the notebooks' code is written.

Workloads (one training step each, minibatch sampling and gather included):
  twoLayer-3072-50-10-b200  neural_net.py's TwoLayerNet (W1 is (H, D)), one iteration of its `train` loop
  fc-100-100-b200           fc_net.py's FullyConnectedNet [100, 100], one `Solver._step` with optim.sgd
  fc-1024x3-b256            FullyConnectedNet [1024, 1024, 1024], batch 256
each in float64 and float32, plus a 2048^3 np.dot in both dtypes. The data is a seeded 49000x3072 uint8 pool.
With --data preprocessed (the default, what the notebooks do: get_CIFAR10_data converts and centres the training set
once) the pool is turned into a centred float array of the row's dtype before timing, and a minibatch is `X[idx]`.
With --data uint8-pool (nndl-tui's own way, an extra column) a minibatch is `pool[idx].astype(dtype) - mean` on every
step. Nothing here sets thread counts: NumPy uses its own BLAS threads, as a student's notebook would.

  python3 Scripts/bench_numpy.py [--quick] [--json] [--data preprocessed|uint8-pool]
  python3 Scripts/bench_numpy.py --selfcheck          # numerical gradient check of the nets below (float64)
"""
import argparse
import json
import sys
import time

import numpy as np

# MARK: - layers.py / layer_utils.py / optim.py, as in the assignment


def affine_forward(x, w, b):
    """x: (N, d_1, ..., d_k), w: (D, M), b: (M,) -> out: (N, M)."""
    out = x.reshape(x.shape[0], -1).dot(w) + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    """dout: (N, M) -> dx: x's shape, dw: (D, M), db: (M,)."""
    x, w, b = cache
    dx = dout.dot(w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db


def relu_forward(x):
    out = np.maximum(0, x)
    cache = x
    return out, cache


def relu_backward(dout, cache):
    x = cache
    dx = dout * (x > 0)
    return dx


def affine_relu_forward(x, w, b):
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    cache = (fc_cache, relu_cache)
    return out, cache


def affine_relu_backward(dout, cache):
    fc_cache, relu_cache = cache
    da = relu_backward(dout, relu_cache)
    dx, dw, db = affine_backward(da, fc_cache)
    return dx, dw, db


def softmax_loss(x, y):
    """x: (N, C) scores, y: (N,) labels -> (loss, dx)."""
    shifted_logits = x - np.max(x, axis=1, keepdims=True)
    Z = np.sum(np.exp(shifted_logits), axis=1, keepdims=True)
    log_probs = shifted_logits - np.log(Z)
    probs = np.exp(log_probs)
    N = x.shape[0]
    loss = -np.sum(log_probs[np.arange(N), y]) / N
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    dx /= N
    return loss, dx


def sgd(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    w -= config["learning_rate"] * dw
    return w, config


# MARK: - neural_net.py: the first notebook's two-layer net


class TwoLayerNet(object):
    """input - fully connected (W1: (H, D)) - ReLU - fully connected (W2: (C, H)) - softmax."""

    def __init__(self, input_size, hidden_size, output_size, std=1e-4, dtype=np.float64):
        self.params = {}
        self.params["W1"] = std * np.random.randn(hidden_size, input_size)
        self.params["b1"] = np.zeros(hidden_size)
        self.params["W2"] = std * np.random.randn(output_size, hidden_size)
        self.params["b2"] = np.zeros(output_size)
        for k, v in self.params.items():
            self.params[k] = v.astype(dtype)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        N, D = X.shape

        h1 = np.maximum(0, X.dot(W1.T) + b1)
        scores = h1.dot(W2.T) + b2
        if y is None:
            return scores

        scores = scores - np.max(scores, axis=1, keepdims=True)
        exp_scores = np.exp(scores)
        probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
        loss = -np.sum(np.log(probs[np.arange(N), y])) / N
        loss += 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        grads = {}
        dscores = probs
        dscores[np.arange(N), y] -= 1
        dscores /= N
        grads["W2"] = dscores.T.dot(h1) + reg * W2
        grads["b2"] = np.sum(dscores, axis=0)
        dh1 = dscores.dot(W2)
        dh1[h1 <= 0] = 0
        grads["W1"] = dh1.T.dot(X) + reg * W1
        grads["b1"] = np.sum(dh1, axis=0)
        return loss, grads

    def train_iteration(self, X, y, mean, learning_rate, reg, batch_size, loss_history):
        """The body of `train`'s loop (one iteration; the per-epoch accuracy check is not timed)."""
        num_train = X.shape[0]
        idx = np.random.choice(num_train, batch_size)
        X_batch = X[idx] if mean is None else X[idx].astype(mean.dtype) - mean
        y_batch = y[idx]
        loss, grads = self.loss(X_batch, y=y_batch, reg=reg)
        loss_history.append(loss)
        for p in self.params:
            self.params[p] -= learning_rate * grads[p]


# MARK: - fc_net.py and solver.py: the modular net and one Solver step


class FullyConnectedNet(object):
    """{affine - relu} x (L - 1) - affine - softmax; W_i: (d_i, d_{i+1})."""

    def __init__(self, hidden_dims, input_dim=3 * 32 * 32, num_classes=10, reg=0.0, weight_scale=1e-2,
                 dtype=np.float32):
        self.reg = reg
        self.num_layers = 1 + len(hidden_dims)
        self.dtype = dtype
        self.params = {}
        dims = [input_dim] + hidden_dims + [num_classes]
        for i in range(self.num_layers):
            self.params["W%d" % (i + 1)] = weight_scale * np.random.randn(dims[i], dims[i + 1])
            self.params["b%d" % (i + 1)] = np.zeros(dims[i + 1])
        for k, v in self.params.items():
            self.params[k] = v.astype(dtype)

    def loss(self, X, y=None):
        X = X.astype(self.dtype)
        L = self.num_layers
        caches = []
        out = X
        for i in range(1, L):
            out, cache = affine_relu_forward(out, self.params["W%d" % i], self.params["b%d" % i])
            caches.append(cache)
        scores, cache = affine_forward(out, self.params["W%d" % L], self.params["b%d" % L])
        caches.append(cache)
        if y is None:
            return scores

        grads = {}
        loss, dscores = softmax_loss(scores, y)
        for i in range(1, L + 1):
            W = self.params["W%d" % i]
            loss += 0.5 * self.reg * np.sum(W * W)

        dout, dW, db = affine_backward(dscores, caches[L - 1])
        grads["W%d" % L] = dW + self.reg * self.params["W%d" % L]
        grads["b%d" % L] = db
        for i in range(L - 1, 0, -1):
            dout, dW, db = affine_relu_backward(dout, caches[i - 1])
            grads["W%d" % i] = dW + self.reg * self.params["W%d" % i]
            grads["b%d" % i] = db
        return loss, grads


class SolverStep(object):
    """What `Solver._step` does with `update_rule='sgd'` (mean None: the data is already centred floats)."""

    def __init__(self, model, X_train, y_train, mean, batch_size, learning_rate):
        self.model, self.X_train, self.y_train, self.mean = model, X_train, y_train, mean
        self.batch_size = batch_size
        self.update_rule = sgd
        self.optim_configs = {p: {"learning_rate": learning_rate} for p in model.params}
        self.loss_history = []

    def _step(self):
        num_train = self.X_train.shape[0]
        batch_mask = np.random.choice(num_train, self.batch_size)
        X_batch = self.X_train[batch_mask]
        if self.mean is not None:
            X_batch = X_batch.astype(self.mean.dtype) - self.mean
        y_batch = self.y_train[batch_mask]
        loss, grads = self.model.loss(X_batch, y_batch)
        self.loss_history.append(loss)
        for p, w in self.model.params.items():
            dw = grads[p]
            config = self.optim_configs[p]
            next_w, next_config = self.update_rule(w, dw, config)
            self.model.params[p] = next_w
            self.optim_configs[p] = next_config


# MARK: - The benchmark (mirrors Sources/NNDL/Bench/Benchmark.swift)

WORKLOADS = [
    # name, hidden dims, batch size, notebook net
    ("twoLayer-3072-50-10-b200", [50], 200, True),
    ("fc-100-100-b200", [100, 100], 200, False),
    ("fc-1024x3-b256", [1024, 1024, 1024], 256, False),
]
DTYPES = [("float64", np.float64), ("float32", np.float32)]
LEARNING_RATE, REG = 1e-5, 1e-3


def workload_flops(hidden_dims, batch_size):
    """Benchmark.Workload.flops: 2 * N * (forward + dW of every layer + dx of every layer but the first)."""
    dims = [3072] + hidden_dims + [10]
    products = [float(a * b) for a, b in zip(dims, dims[1:])]
    return 2.0 * batch_size * (2 * sum(products) + sum(products[1:]))


def median_ms(warmup, repetitions, body):
    """Median wall milliseconds of `repetitions` calls after `warmup` calls (the upper median, as in Swift)."""
    for _ in range(warmup):
        body()
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        body()
        times.append((time.perf_counter() - start) * 1e3)
    times.sort()
    return times[len(times) // 2]


def make_pool(rows=49000, seed=0):
    np.random.seed(seed)
    X = np.random.randint(0, 256, size=(rows, 3072), dtype=np.uint8)
    y = np.random.randint(0, 10, size=rows)
    mean_image = np.mean(X, axis=0)
    return X, y, mean_image


def step_function(hidden_dims, batch_size, notebook_net, dtype, X, y, mean):
    """A zero-argument function doing one training step of the workload in `dtype`, and the net's parameters.
    `mean` None: X is already the centred float training set (the notebooks' way)."""
    np.random.seed(0)
    mean = None if mean is None else mean.astype(dtype)
    if notebook_net:
        net = TwoLayerNet(3072, hidden_dims[0], 10, std=1e-4, dtype=dtype)
        history = []
        return (lambda: net.train_iteration(X, y, mean, LEARNING_RATE, REG, batch_size, history)), net.params
    model = FullyConnectedNet(hidden_dims, reg=REG, weight_scale=1e-2, dtype=dtype)
    solver = SolverStep(model, X, y, mean, batch_size, LEARNING_RATE)
    return solver._step, model.params


def gemm_gflops(dtype, n=2048, repetitions=5):
    np.random.seed(1)
    a = np.random.rand(n, n).astype(dtype)
    b = np.random.rand(n, n).astype(dtype)
    ms = median_ms(1, repetitions, lambda: np.dot(a, b))
    return 2.0 * n ** 3 / (ms / 1e3) / 1e9


def blas_line():
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return "%s %s" % (blas.get("name", "?"), blas.get("version", "?"))
    except Exception:  # older NumPy without mode="dicts"
        return "BLAS unknown"


def measure(quick, log, only, dtypes, make_step, gemm):
    """The benchmark loop (shared with bench_torch.py): times make_step(hidden_dims, batch_size, notebook_net, dtype)
    for every workload in `only` (all when None) and dtype, then gemm(dtype, repetitions=...) for every dtype."""
    results = []
    for name, hidden_dims, batch_size, notebook_net in WORKLOADS:
        if only and name not in only:
            continue
        big = len(hidden_dims) > 2
        reps = (5 if big else 30) if quick else (20 if big else 200)
        for dtype_name, dtype in dtypes:
            step = make_step(hidden_dims, batch_size, notebook_net, dtype)
            ms = median_ms(3, reps, step)
            r = {"workload": name, "dtype": dtype_name, "msPerIteration": ms,
                 "imagesPerSecond": batch_size / (ms / 1e3),
                 "gflops": workload_flops(hidden_dims, batch_size) / (ms / 1e3) / 1e9}
            log("%-26s%-9s%9.3f ms  %9.0f img/s  %6.1f GFLOP/s"
                % (name, dtype_name, ms, r["imagesPerSecond"], r["gflops"]))
            results.append(r)
    peaks = {d: gemm(t, repetitions=3 if quick else 7) for d, t in dtypes}
    log("GEMM 2048^3: float64 %.1f GFLOP/s, float32 %.1f GFLOP/s" % (peaks["float64"], peaks["float32"]))
    return {"gemmGflops": peaks, "results": results}


def preprocessed(X, mean, dtype):
    """get_CIFAR10_data's preprocessing, done once: the training set as centred floats of `dtype`."""
    out = X.astype(dtype)
    out -= mean.astype(dtype)
    return out


def run(quick, log, only=None, data="preprocessed"):
    X, y, mean = make_pool()
    centred = {}

    def make_step(hidden_dims, batch_size, notebook_net, dtype):
        if data == "uint8-pool":
            return step_function(hidden_dims, batch_size, notebook_net, dtype, X, y, mean)[0]
        if dtype not in centred:
            centred[dtype] = preprocessed(X, mean, dtype)  # 1.2 GB in float64, 0.6 GB in float32, made once
        return step_function(hidden_dims, batch_size, notebook_net, dtype, centred[dtype], y, None)[0]

    return measure(quick, log, only, DTYPES, make_step, gemm_gflops)


# MARK: - Self-check: the nets compute the real gradients (gradient_check.py style)


def rel_error(x, y):
    """The notebooks' elementwise relative error (printed for reference)."""
    return np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y)))


def norm_rel_error(x, y):
    """|x - y| / (|x| + |y|) over the whole array: the pass criterion.

    The elementwise maximum is dominated by entries near 1e-5, whose centred difference of a loss near 2.3
    carries ~1e-11 of round-off (the FC notebook itself prints W2 ~ 2e-5); the norm-wise error is ~5e-9 on every seed
    and a wrong gradient (missing reg term, wrong ReLU mask) moves it above 1e-3.
    """
    return np.linalg.norm(x - y) / max(1e-8, np.linalg.norm(x) + np.linalg.norm(y))


def eval_numerical_gradient(f, x, h=1e-5):
    """Centred differences of the scalar f() with respect to every entry of x (changed in place and restored)."""
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        oldval = x[ix]
        x[ix] = oldval + h
        fxph = f()
        x[ix] = oldval - h
        fxmh = f()
        x[ix] = oldval
        grad[ix] = (fxph - fxmh) / (2 * h)
        it.iternext()
    return grad


def check_model(label, params, loss_and_grads, tolerance=1e-7):
    """Whether every parameter's norm-wise relative error is below `tolerance`; prints one line per parameter."""
    _, grads = loss_and_grads()
    worst = 0.0
    for name in sorted(params):
        numeric = eval_numerical_gradient(lambda: loss_and_grads()[0], params[name])
        err = norm_rel_error(numeric, grads[name])
        worst = max(worst, err)
        print("  %-28s %-3s relative error %.2e (notebook's elementwise max %.1e)"
              % (label, name, err, rel_error(numeric, grads[name])))
    return worst < tolerance


def selfcheck():
    """Gradient checks in float64 on tiny nets, then the benchmark steps and a few SGD steps (see below)."""
    ok = True
    np.random.seed(231)
    N, D, H, C = 5, 12, 10, 3
    X, y = np.random.randn(N, D), np.random.randint(C, size=N)
    for reg in [0.0, 0.05]:
        net = TwoLayerNet(D, H, C, std=1e-1)
        ok &= check_model("TwoLayerNet reg=%g" % reg, net.params, lambda: net.loss(X, y, reg=reg))
    N, D, C = 3, 15, 10
    X, y = np.random.randn(N, D), np.random.randint(C, size=N)
    for reg in [0.0, 3.14]:
        model = FullyConnectedNet([20, 30], input_dim=D, num_classes=C, reg=reg, weight_scale=5e-2,
                                  dtype=np.float64)
        ok &= check_model("FullyConnectedNet reg=%g" % reg, model.params, lambda: model.loss(X, y))

    ok &= check_benchmark_steps()
    ok &= check_training_lowers_loss()
    print("selfcheck: %s" % ("ok" if ok else "FAILED"))
    return ok


def check_benchmark_steps():
    """Every benchmark step updates every parameter and keeps its dtype (float32 must not upcast to float64)."""
    ok = True
    X, y, mean = make_pool(rows=500, seed=3)
    for name, hidden_dims, batch_size, notebook_net in WORKLOADS:
        for dtype_name, dtype in DTYPES:
            step, params = step_function(hidden_dims, batch_size, notebook_net, dtype, X, y, mean)
            before = {k: v.copy() for k, v in params.items()}
            step()
            kept = all(v.dtype == dtype for v in params.values())
            moved = all(not np.array_equal(before[k], v) for k, v in params.items())
            print("  %-26s %-7s step: parameters %s, all updated %s"
                  % (name, dtype_name, dtype_name if kept else "UPCAST", moved))
            ok &= kept and moved
    return ok


def check_training_lowers_loss():
    """A few SGD steps on one fixed batch lower the loss in both dtypes, and float32 grads stay float32."""
    ok = True
    X, y, mean = make_pool(rows=50, seed=4)
    for dtype_name, dtype in DTYPES:
        Xb = X.astype(dtype) - mean.astype(dtype)
        np.random.seed(0)
        net = TwoLayerNet(3072, 50, 10, std=1e-4, dtype=dtype)
        model = FullyConnectedNet([100, 100], reg=REG, weight_scale=1e-2, dtype=dtype)
        first_net, grads_net = net.loss(Xb, y, reg=REG)
        first_fc, grads_fc = model.loss(Xb, y)
        for _ in range(5):
            _, g = net.loss(Xb, y, reg=REG)
            for p in net.params:
                net.params[p] -= 1e-5 * g[p]
            _, g = model.loss(Xb, y)
            for p in model.params:
                model.params[p], _ = sgd(model.params[p], g[p], {"learning_rate": 1e-4})
        last_net, last_fc = net.loss(Xb, y, reg=REG)[0], model.loss(Xb, y)[0]
        same_dtype = all(g.dtype == dtype for g in list(grads_net.values()) + list(grads_fc.values()))
        lowered = last_net < first_net and last_fc < first_fc
        print("  %-7s TwoLayerNet loss %.6f -> %.6f, FullyConnectedNet loss %.6f -> %.6f, grads %s"
              % (dtype_name, first_net, last_net, first_fc, last_fc, dtype_name if same_dtype else "UPCAST"))
        ok &= bool(lowered and same_dtype)
    return ok


# MARK: - Command line


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the report as JSON on stdout")
    parser.add_argument("--workload", action="append", choices=[w[0] for w in WORKLOADS],
                        help="only this workload (repeatable)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (30 / 5 instead of 200 / 20)")
    parser.add_argument("--selfcheck", action="store_true", help="check the nets' gradients numerically and exit")
    parser.add_argument("--data", choices=["preprocessed", "uint8-pool"], default="preprocessed",
                        help="preprocessed: centred floats made once, minibatch X[idx] (the notebooks); "
                             "uint8-pool: pool[idx].astype(dtype) - mean every step (nndl-tui's way)")
    args = parser.parse_args()
    if args.selfcheck:
        sys.exit(0 if selfcheck() else 1)

    def log(line):
        print(line, file=sys.stderr if args.json else sys.stdout, flush=True)

    log("NumPy %s (%s), Python %s, data %s" % (np.__version__, blas_line(), sys.version.split()[0], args.data))
    report = run(args.quick, log, args.workload, args.data)
    if args.json:
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
