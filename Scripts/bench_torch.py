#!/usr/bin/env python3
"""PyTorch (CPU) baseline for `nndl-tui bench`: the same training steps, written the way a PyTorch user writes them.

Workloads, dtypes, pool, learning rate and reg are those of Scripts/bench_numpy.py (imported from it):
  twoLayer-3072-50-10-b200  Linear(3072, 50) - ReLU - Linear(50, 10), weights (out, in) as neural_net.py's W1
  fc-100-100-b200           Linear-ReLU-Linear-ReLU-Linear, widths 100, 100
  fc-1024x3-b256            widths 1024, 1024, 1024, batch 256
One step: sample the minibatch (torch.randint), gather it from the training set preloaded as a centred float tensor
of the row's dtype (what a PyTorch user does with data that fits in memory), forward, cross-entropy + 0.5 * reg *
sum of ||W||^2, backward (autograd; the input needs no gradient), torch.optim.SGD step.
PyTorch picks its own thread count (torch.get_num_threads()), as a notebook would.

  python3 Scripts/bench_torch.py [--quick] [--json]   # --json prints the JSON shape of `nndl-tui bench --json`
  python3 Scripts/bench_torch.py --selfcheck          # the step's gradient equals a float64 hand computation
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_numpy import LEARNING_RATE, REG, WORKLOADS, make_pool, measure, median_ms  # noqa: E402

DTYPES = [("float64", torch.float64), ("float32", torch.float32)]


class Step:
    """One SGD step of an affine-ReLU net on minibatches drawn from X (mean None: X is centred floats already)."""

    def __init__(self, hidden_dims, batch_size, dtype, X, y, mean, weight_scale):
        torch.manual_seed(0)
        dims = [X.shape[1]] + hidden_dims + [10]
        layers = []
        for i, (a, b) in enumerate(zip(dims, dims[1:])):
            linear = torch.nn.Linear(a, b, dtype=dtype)
            with torch.no_grad():
                linear.weight.normal_(0, weight_scale)
                linear.bias.zero_()
            layers.append(linear)
            if i < len(dims) - 2:
                layers.append(torch.nn.ReLU())
        self.net = torch.nn.Sequential(*layers)
        self.weights = [m.weight for m in self.net if isinstance(m, torch.nn.Linear)]
        self.X, self.y = X, y
        self.mean = None if mean is None else mean.to(dtype)
        self.dtype, self.batch_size = dtype, batch_size
        self.optimizer = torch.optim.SGD(self.net.parameters(), lr=LEARNING_RATE)

    def loss(self, xb, yb):
        data_loss = torch.nn.functional.cross_entropy(self.net(xb), yb)
        return data_loss + 0.5 * REG * sum((w * w).sum() for w in self.weights)

    def __call__(self):
        idx = torch.randint(0, self.X.shape[0], (self.batch_size,))
        xb = self.X[idx] if self.mean is None else self.X[idx].to(self.dtype) - self.mean
        yb = self.y[idx]
        self.optimizer.zero_grad(set_to_none=False)
        loss = self.loss(xb, yb)
        loss.backward()
        self.optimizer.step()
        return loss.item()


def torch_pool():
    X, y, mean = make_pool()
    return torch.from_numpy(X), torch.from_numpy(y.astype(np.int64)), torch.from_numpy(mean)


def gemm_gflops(dtype, n=2048, repetitions=5):
    torch.manual_seed(1)
    a = torch.rand(n, n, dtype=dtype)
    b = torch.rand(n, n, dtype=dtype)
    ms = median_ms(1, repetitions, lambda: torch.mm(a, b))
    return 2.0 * n ** 3 / (ms / 1e3) / 1e9


def run(quick, log, only=None):
    X, y, mean = torch_pool()
    centred = {}

    def make_step(hidden_dims, batch_size, notebook_net, dtype):
        if dtype not in centred:
            centred[dtype] = X.to(dtype) - mean.to(dtype)  # preloaded once, as a Dataset in memory would be
        return Step(hidden_dims, batch_size, dtype, centred[dtype], y, None, 1e-4 if notebook_net else 1e-2)

    return measure(quick, log, only, DTYPES, make_step, gemm_gflops)


def selfcheck():
    """The autograd step's gradients match the hand-written backward pass (float64) on a small pool."""
    torch.manual_seed(3)
    X = torch.randint(0, 256, (50, 3072), dtype=torch.uint8)
    y = torch.randint(0, 10, (50,))
    mean = X.double().mean(0)
    step = Step([20, 15], 50, torch.float64, X, y, mean, 1e-2)
    xb = X.double() - mean
    step.optimizer.zero_grad()
    step.loss(xb, y).backward()
    # Hand-written backward of affine-relu-affine-relu-affine + softmax + 0.5 * reg * ||W||^2.
    ws = [w.detach() for w in step.weights]
    bs = [m.bias.detach() for m in step.net if isinstance(m, torch.nn.Linear)]
    acts, h = [xb], xb
    for i, (w, b) in enumerate(zip(ws, bs)):
        h = h @ w.T + b
        if i < len(ws) - 1:
            h = h.clamp(min=0)
        acts.append(h)
    p = torch.softmax(acts[-1], 1)
    p[torch.arange(50), y] -= 1
    d = p / 50
    worst = 0.0
    for i in reversed(range(len(ws))):
        dw = d.T @ acts[i] + REG * ws[i]
        worst = max(worst, ((dw - step.weights[i].grad).norm() / dw.norm()).item())
        d = (d @ ws[i]) * (acts[i] > 0)
    print("largest relative gradient difference: %.2e" % worst)
    return worst < 1e-10


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workload", action="append", choices=[w[0] for w in WORKLOADS],
                        help="only this workload (repeatable)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--json", action="store_true", help="print the nndl-tui bench JSON on stdout")
    parser.add_argument("--selfcheck", action="store_true", help="check the step's gradients and exit")
    args = parser.parse_args()
    if args.selfcheck:
        sys.exit(0 if selfcheck() else 1)
    log = (lambda s: print(s, file=sys.stderr)) if args.json else print
    log("PyTorch %s, %d threads, Python %s" % (torch.__version__, torch.get_num_threads(), sys.version.split()[0]))
    report = run(args.quick, log, args.workload)
    if args.json:
        print(json.dumps(report))


if __name__ == "__main__":
    main()
