"""Driver of test/python/python-host.test.ts: runs python/plrf_wasm.py on the given builds and prints
one JSON document with hashes, float64 bit patterns (little-endian hex) and validation results, for
the Node side to compare bit for bit.

Usage: python host_check.py NAME=PATH [NAME=PATH ...]   (e.g. simd=build/plrf.wasm)
"""

import json
import struct
import sys

import plrf_wasm as plrf


def bits(x):
    return None if x is None else struct.pack("<d", x).hex()


def bits_list(xs):
    return None if xs is None else [bits(x) for x in xs]


# Extra cases beyond the hash table: default log-spaced checkpoints, batch > 1, v != 4d, gamma0.
# test/python/python-host.test.ts runs the same cases in Node.
EXTRA_SGD = dict(alpha=0.8, beta=0.9, d=40, v=100, steps=3000, points=25, seeds=3, seed=11, batch=3, gamma0=0.4)
EXTRA_DET = dict(alpha=1.1, beta=0.6, d=60, v=200, steps=20_000, points=15, batch=2)
# Second-order blocks: after 300 unit steps, and from r = 0 (the first block first order).
ORDER2_DET = [dict(alpha=0.9, beta=0.8, d=80, steps=10_000_000, points=25, block_order=2, unit_steps=300),
              dict(alpha=0.9, beta=0.8, d=80, steps=100_000, points=10, block_order=2, unit_steps=0)]
PROBLEM = dict(alpha=0.9, beta=0.6, d=50, v=120, seed=3, stream=5)
CHECKPOINT_GRID = [(s, p) for s in (1, 2, 7, 100, 999, 1000, 12345, 10 ** 5, 10 ** 6, 10 ** 7, 3 * 10 ** 9, 10 ** 12)
                   for p in (3, 10, 40, 60, 100, 257)]


def build_report(core):
    hashes = plrf.compute_hashes(core)
    s = plrf.HASH_CASES["sgd"]
    t = plrf.HASH_CASES["deterministic"]
    sgd = plrf.sgd_curve(s["alpha"], s["beta"], s["d"], at=s["at"], seeds=s["seeds"], seed=s["seed"], core=core)
    det = plrf.deterministic_curve(t["alpha"], t["beta"], t["d"], at=t["at"], core=core)
    sgd2 = plrf.sgd_curve(core=core, **EXTRA_SGD)
    det2 = plrf.deterministic_curve(core=core, **EXTRA_DET)
    det3 = [plrf.deterministic_curve(core=core, **o) for o in ORDER2_DET]
    with plrf.sample_problem(core=core, **PROBLEM) as p:
        sp = p.spectrum()
        problem = {"p0": bits(sp.p0), "pStar": bits(sp.p_star), "traceK": bits(sp.trace_k),
                   "lambda": bits_list(sp.lam), "rho": bits_list(sp.rho), "W": plrf.hash_f64(p.weights()),
                   "loss": bits(p.population_loss([0.01 * i for i in range(p.d)]))}
    return {
        "abiMismatches": core.abi_mismatches(),
        "hashes": hashes,
        "rngHead": plrf.rng_raw(42, 0, 4, core).hex(),
        "sgd": {"steps": sgd["steps"], "loss": bits_list(sgd["loss"]), "stderr": bits_list(sgd["stderr"]),
                "limit": bits(sgd["limit"]), "gamma": bits(sgd["gamma"])},
        "deterministic": {"steps": det["steps"], "loss": bits_list(det["loss"]), "limit": bits(det["limit"]),
                          "F0": bits(det["F0"]), "kernelNorm": bits(det["kernel_norm"])},
        "sgdExtra": {"steps": sgd2["steps"], "loss": bits_list(sgd2["loss"]), "stderr": bits_list(sgd2["stderr"]),
                     "limit": bits(sgd2["limit"]), "gamma": bits(sgd2["gamma"])},
        "deterministicExtra": {"steps": det2["steps"], "loss": bits_list(det2["loss"]), "limit": bits(det2["limit"]),
                               "F0": bits(det2["F0"]), "kernelNorm": bits(det2["kernel_norm"])},
        "deterministicOrder2": [{"steps": x["steps"], "loss": bits_list(x["loss"])} for x in det3],
        "problem": problem,
        "traceD": bits(plrf.trace_d(0.7, 400, core)),
    }


def error_case(fn):
    try:
        fn()
    except plrf.PlrfError as e:
        return {"code": e.code, "param": e.param, "valueError": isinstance(e, ValueError), "message": str(e)}
    except Exception as e:  # a wrong error type fails the Node-side assertion
        return {"code": type(e).__name__, "param": None, "valueError": isinstance(e, ValueError), "message": str(e)}
    return None


def _version():
    try:
        from importlib.metadata import version
        return version("wasmtime")
    except Exception:
        return None


def main():
    report = {"python": sys.version.split()[0], "wasmtime": _version(), "builds": {}}
    for arg in sys.argv[1:]:
        name, path = arg.split("=", 1)
        report["builds"][name] = build_report(plrf.Core(path))
    report["checkpoints"] = [[s, p, plrf.log_checkpoints(s, p)] for s, p in CHECKPOINT_GRID]
    report["errors"] = {
        "alpha": error_case(lambda: plrf.sgd_curve(-1, 0.5, 10, steps=10)),
        "beta": error_case(lambda: plrf.deterministic_curve(0.2, 0.1, 10, at=[1])),
        "d": error_case(lambda: plrf.sample_problem(1, 1, 0)),
        "v": error_case(lambda: plrf.deterministic_curve(1, 1, 10, v=10, at=[1])),
        "seed": error_case(lambda: plrf.sample_problem(1, 1, 10, seed=-1)),
        "stream": error_case(lambda: plrf.sample_problem(1, 1, 10, stream=1.5)),
        "steps": error_case(lambda: plrf.sgd_curve(1, 1, 10, steps=2.5)),
        "at[1]": error_case(lambda: plrf.sgd_curve(1, 1, 10, at=[1, -3])),
        "at": error_case(lambda: plrf.sgd_curve(1, 1, 10, at=[])),
        "seeds": error_case(lambda: plrf.sgd_curve(1, 1, 10, steps=10, seeds=0)),
        "batch": error_case(lambda: plrf.sgd_curve(1, 1, 10, steps=10, batch=True)),
        "gamma": error_case(lambda: plrf.sgd_curve(1, 1, 10, steps=10, gamma=float("nan"))),
        "gamma0": error_case(lambda: plrf.sgd_curve(1, 1, 10, steps=10, seeds=1, gamma0=50.0)),
        "block_fraction": error_case(lambda: plrf.deterministic_curve(1, 1, 10, at=[1], block_fraction=0.7)),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
