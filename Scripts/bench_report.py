#!/usr/bin/env python3
"""Joins `nndl-tui bench --json` and `Scripts/bench_numpy.py --json` into one table (used by Scripts/bench).

  python3 Scripts/bench_report.py NNDL_JSON NUMPY_JSON [--torch TORCH_JSON] [--numpy-pool POOL_JSON] [--quick]
                                  [--rounds N]
  python3 Scripts/bench_report.py --merge OUT_JSON IN_JSON...   # one report from per-workload, per-round runs

Merging keeps, for each workload and dtype, the round with the lowest median (the run this shared machine slowed
least; every tool is merged the same way) with the GEMM figure of that same run, and the highest of the runs' GEMM
figures for the GEMM lines (each run times the GEMM).

Speed-up is NumPy ms / nndl-tui ms (above 1: nndl-tui is faster), NumPy being the notebooks' code on data
preprocessed once (bench_numpy.py --data preprocessed); with --torch, also PyTorch ms / nndl-tui ms; with
--numpy-pool, an extra column for the same NumPy code gathering from a uint8 pool every step (nndl-tui's way). For fc-1024x3, "of GEMM" is the step's GFLOP/s
over nndl-tui's own 2048^3 GEMM GFLOP/s in the same dtype and the same run: how close the step gets to the BLAS peak. "products alone"
(from nndl-tui bench --products) is the step's matrix products timed on their own, operands in cache, and their share
of nndl-tui's step: the floor this BLAS sets, and how much of the step is everything else.
"""
import argparse
import importlib.util
import json
import os
import sys

import numpy as np

PEAK_WORKLOAD = "fc-1024x3-b256"


def load(path):
    with open(path) as f:
        report = json.load(f)
    rows = {(r["workload"], r["dtype"]): r for r in report["results"]}
    return report["gemmGflops"], rows


def blas_name():
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return "%s %s" % (blas.get("name", "?"), blas.get("version", "?"))
    except Exception:
        return "BLAS unknown"


def numpy_core():
    """The kernel set NumPy's bundled OpenBLAS runs on here (its openblas_get_corename), or '?'."""
    import ctypes, glob
    libs = glob.glob(os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs", "*openblas*"))
    for path in libs:
        lib = ctypes.CDLL(path)
        for name in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename", "openblas_get_corename64_",
                     "openblas_get_corename"):
            f = getattr(lib, name, None)
            if f is not None:
                f.restype = ctypes.c_char_p
                return f().decode()
    return "?"


def table(nndl_gemm, nndl, numpy_gemm, numpy_rows, torch_gemm=None, torch_rows=None, pool_rows=None):
    header = "%-26s%-9s%12s%10s%10s" % ("workload", "dtype", "nndl-tui ms", "NumPy ms", "speed-up")
    if torch_rows is not None:
        header += "%12s%10s" % ("PyTorch ms", "speed-up")
    if pool_rows is not None:
        header += "%12s%10s" % ("u8-pool ms", "speed-up")
    with_products = any("productsAloneMs" in r for r in nndl.values())
    lines = [header + "%14s%15s%9s" % ("nndl GFLOP/s", "NumPy GFLOP/s", "of GEMM")
             + ("%22s" % "products alone ms" if with_products else "")]

    def against(other, ms):
        if other is None:
            return "%10s%10s" % ("-", "-")
        return "%10.3f%9.2fx" % (other["msPerIteration"], other["msPerIteration"] / ms)

    for key, r in nndl.items():
        ms = r["msPerIteration"]
        other = numpy_rows.get(key)
        line = "%-26s%-9s%12.3f" % (key[0], key[1], ms) + against(other, ms)
        if torch_rows is not None:
            line += "  " + against(torch_rows.get(key), ms)
        if pool_rows is not None:
            line += "  " + against(pool_rows.get(key), ms)
        numpy_gf = "%15.1f" % other["gflops"] if other else "%15s" % "-"
        gemm = r.get("gemmGflopsSameRun", nndl_gemm[r["dtype"]])
        peak = "%8.0f%%" % (100 * r["gflops"] / gemm) if key[0] == PEAK_WORKLOAD else "%9s" % ""
        products = ""
        if with_products and "productsAloneMs" in r:
            products = "%14.3f (%3.0f%%)" % (r["productsAloneMs"], 100 * r["productsAloneMs"] / ms)
        lines.append(line + "%14.1f%s%s%s" % (r["gflops"], numpy_gf, peak, products))
    lines.append("")
    for dtype in ["float64", "float32"]:
        a, b = nndl_gemm[dtype], numpy_gemm[dtype]
        line = "GEMM 2048^3 %-8s nndl-tui %6.1f GFLOP/s, NumPy np.dot %6.1f GFLOP/s (nndl-tui/NumPy %.2f)" % (
            dtype, a, b, a / b)
        if torch_gemm is not None:
            line += ", PyTorch torch.mm %6.1f GFLOP/s" % torch_gemm[dtype]
        lines.append(line)
    return lines


def merge(out_path, in_paths):
    reports = []
    for path in in_paths:
        with open(path) as f:
            reports.append(json.load(f))
    gemm = {d: max(r["gemmGflops"][d] for r in reports) for d in reports[0]["gemmGflops"]}
    best = {}
    for report in reports:
        for row in report["results"]:
            key = (row["workload"], row["dtype"])
            if key not in best or row["msPerIteration"] < best[key]["msPerIteration"]:
                # The share of the GEMM peak pairs a step with the peak timed in the same process, minutes apart
                # at most, not with the best peak of the whole bench.
                best[key] = dict(row, gemmGflopsSameRun=report["gemmGflops"][row["dtype"]])
    merged = {"gemmGflops": gemm, "results": list(best.values())}
    if "blasCore" in reports[0]:
        merged["blasCore"] = reports[0]["blasCore"]
    tmp = out_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(merged, f, indent=2)
    os.replace(tmp, out_path)


def main():
    if len(sys.argv) > 3 and sys.argv[1] == "--merge":
        merge(sys.argv[2], sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("nndl_json")
    parser.add_argument("numpy_json")
    parser.add_argument("--torch", metavar="TORCH_JSON", help="Scripts/bench_torch.py --json output")
    parser.add_argument("--numpy-pool", metavar="POOL_JSON",
                        help="Scripts/bench_numpy.py --json --data uint8-pool output (an extra, labelled column)")
    parser.add_argument("--quick", action="store_true", help="say in the header that repetitions were reduced")
    parser.add_argument("--rounds", type=int, default=1, help="say in the header how many rounds were merged")
    args = parser.parse_args()
    nndl_gemm, nndl = load(args.nndl_json)
    numpy_gemm, numpy_rows = load(args.numpy_json)
    torch_gemm, torch_rows = load(args.torch) if args.torch else (None, None)
    pool_rows = load(args.numpy_pool)[1] if args.numpy_pool else None
    rounds = "" if args.rounds <= 1 else ", best of %d interleaved rounds" % args.rounds
    print("One training step, median ms (%s repetitions%s); NumPy %s (%s), Python %s" % (
        "quick: 30 / 5" if args.quick else "200 / 20", rounds, np.__version__, blas_name(), sys.version.split()[0]))
    print("NumPy: the notebooks' code on the training set preprocessed once to centred floats of the row's dtype"
          + ("; u8-pool: the same code gathering pool[idx].astype(dtype) - mean every step" if pool_rows else ""))
    with open(args.nndl_json) as f:
        ours_core = json.load(f).get("blasCore", "?")
    forced = os.environ.get("OPENBLAS_CORETYPE")
    print("OpenBLAS kernels: nndl-tui %s, NumPy %s%s" % (
        ours_core, numpy_core(), " (OPENBLAS_CORETYPE=%s chose both)" % forced if forced else ""))
    print()
    for line in table(nndl_gemm, nndl, numpy_gemm, numpy_rows, torch_gemm, torch_rows, pool_rows):
        print(line)
    if args.torch:
        import torch
        print("PyTorch %s, %d threads" % (torch.__version__, torch.get_num_threads()))
    elif importlib.util.find_spec("torch") is None:
        print("PyTorch not installed (pip install torch==2.13.0+cpu adds its columns).")


if __name__ == "__main__":
    main()
