#!/usr/bin/env python3
"""Does the planner's drift rule predict the waits of calls whose speed wanders? (docs/planner.md, "Queueing: the
calls' drift"). Reads the calls of the profile's drift phase and compares, at loads from 30 to 90 %, the p99 queue
wait of 2 FCFS workers fed Poisson arrivals

  * simulated with each call taking as long as that worker's recorded call in progress at that moment (the trace's
    own drift: slow stretches of the host stay slow stretches), over several arrival seeds,
  * simulated with the same calls in random order (independent calls),

with the planner's wait for batch 1 (GI/G/c, Allen-Cunneen mean and Lundberg decay on a shifted exponential fitted to
the calls' mean and p99/p50): without drift, with the drift at the planner's time scale theta = rho x tau (tau the
pooled server's M/M/1 relaxation time; SpeedDrift.timeScaleMillis), at theta / 4, and M/M/2.

    java -jar model-runtime/target/quarkus-app/quarkus-run.jar profile --model resnet18.pt --signature ... \\
        --workers 2 --batches 1 --request-seconds 0 --drift-seconds 600 --drift-trace calls.csv --budget-seconds 1300
    python3 docs/scripts/drift_queue.py calls.csv [seeds]

The drift estimate repeats SpeedDrift.java (model-runtime) and the wait LatencyModel.java (operator) at batch 1.
Needs NumPy (Debian: python3-numpy).
"""
import math
import sys

import numpy as np

LN100, LN2 = math.log(100), math.log(2)


def load(path):
    d = np.loadtxt(path, delimiter=",")
    workers = sorted(set(d[:, 0].astype(int)))
    trace = {}
    for w in workers:
        x = d[d[:, 0] == w]
        trace[w] = (x[:, 1] / 1e9, (x[:, 2] - x[:, 1]) / 1e9)
    return workers, trace


def drift(workers, trace, mean, span):
    """(seconds, variance) from 4 mean calls, doubling, while the span holds 8 windows (as SpeedDrift.java)."""
    def at(window):
        n = int(span / window)
        sums, squares, counts = np.zeros(n), np.zeros(n), np.zeros(n)
        for w in workers:
            start, length = trace[w]
            b = np.floor((start + length / 2) / window).astype(int)
            ok = (b >= 0) & (b < n)
            np.add.at(sums, b[ok], length[ok])
            np.add.at(squares, b[ok], length[ok] ** 2)
            np.add.at(counts, b[ok], 1)
        k = counts > 0
        within = (squares[k] - sums[k] ** 2 / counts[k]).sum() / (counts[k] - 1).sum()
        return max(0.0, ((sums[k] / counts[k]).var(ddof=1) - (within / counts[k]).mean()) / mean ** 2)

    scales, window = [], 4 * mean
    while span / window >= 8:
        scales.append((window, at(window)))
        window *= 2
    return scales


def variance_at(scales, seconds):
    """Linear in log T between scales, held below the shortest, variance x T held beyond the longest."""
    if seconds <= scales[0][0]:
        return scales[0][1]
    if seconds >= scales[-1][0]:
        return scales[-1][1] * scales[-1][0] / seconds
    for (t0, v0), (t1, v1) in zip(scales, scales[1:]):
        if seconds <= t1:
            return v0 + math.log(seconds / t0) / math.log(t1 / t0) * (v1 - v0)
    return scales[-1][1]


def erlang_c(c, a):
    below = sum(a ** k / math.factorial(k) for k in range(c))
    top = a ** c / math.factorial(c) / (1 - a / c)
    return top / (below + top)


def model_wait_p99(lam, mean, call_scv, extra, c=2):
    """The planner's p99 wait at batch 1: P(W > t) = C' exp(-theta t)."""
    rho = lam * mean / c
    scv = min(1.0, call_scv + extra)
    exponential = mean * math.sqrt(scv)
    shift = mean - exponential

    def f(theta):  # log E[exp(theta S / c)] + log E[exp(-theta A)]
        return theta * shift / c - math.log(1 - theta * exponential / c) + math.log(lam / (lam + theta))

    lo, hi = 1e-9, (c / exponential) * (1 - 1e-12)
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
    theta = lo
    mean_wait = erlang_c(c, lam * mean) * mean / (c * (1 - rho)) * (1 + scv) / 2
    probability = min(1.0, theta * mean_wait)
    return math.log(100 * probability) / theta if probability > 0.01 else 0.0


def simulated_wait_p99(workers, trace, calls, lam, span, seeds, in_order, rng):
    waits = []
    for _ in range(seeds):
        n = int(lam * span * 0.97)
        arrivals = np.sort(rng.uniform(0, span * 0.97, n))
        free = np.zeros(len(workers))
        wait = np.empty(n)
        for i in range(n):
            k = free.argmin()
            start = max(arrivals[i], free[k])
            if in_order:
                starts, lengths = trace[workers[k]]
                length = lengths[min(np.searchsorted(starts, start), len(lengths) - 1)]
            else:
                length = calls[rng.integers(len(calls))]
            wait[i] = start - arrivals[i]
            free[k] = start + length
        waits.append(wait[int(n * 0.02):])
    return np.percentile(np.concatenate(waits), 99)


def main():
    workers, trace = load(sys.argv[1])
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    rng = np.random.default_rng(11)
    calls = np.concatenate([trace[w][1] for w in workers])
    mean, p50, p99 = calls.mean(), np.percentile(calls, 50), np.percentile(calls, 99)
    span = min(trace[w][0][-1] for w in workers)
    ratio = min(6.0, p99 / p50)
    call_scv = (mean * (ratio - 1) / (LN100 - 1 + ratio * (1 - LN2)) / mean) ** 2
    scales = drift(workers, trace, mean, span)
    print(f"{len(calls)} calls over {span:.0f} s: mean {mean * 1e3:.2f} ms, p50 {p50 * 1e3:.2f}, p99 {p99 * 1e3:.2f},"
          f" cs^2 {calls.var() / mean ** 2:.4f} (the planner's shifted exponential: {call_scv:.4f})")
    print("drift: " + ", ".join(f"{t:.3g} s {v:.4f}" for t, v in scales))
    c = len(workers)
    print("p99 queue wait, ms")
    print(" rho  theta s  calls-in-order  calls-shuffled  model-no-drift  model-drift-at-theta  at-theta/4    M/M/2")
    for rho in (0.30, 0.45, 0.60, 0.70, 0.80, 0.85, 0.90):
        lam = rho * c / mean
        theta = rho * (mean / c) / (1 - math.sqrt(rho)) ** 2  # rho x the relaxation time, as the planner

        def extra(t):
            return c * t / mean * variance_at(scales, t)

        print(f"{rho:.2f} {theta:8.2f} {1e3 * simulated_wait_p99(workers, trace, calls, lam, span, seeds, True, rng):15.1f}"
              f" {1e3 * simulated_wait_p99(workers, trace, calls, lam, span, 4, False, rng):15.1f}"
              f" {1e3 * model_wait_p99(lam, mean, call_scv, 0):15.1f} {1e3 * model_wait_p99(lam, mean, call_scv, extra(theta)):21.1f}"
              f" {1e3 * model_wait_p99(lam, mean, call_scv, extra(theta / 4)):12.1f}"
              f" {1e3 * model_wait_p99(lam, mean, call_scv, 1):8.1f}")


if __name__ == "__main__":
    main()
