#!/usr/bin/env python3
"""How far the p99 of a finite measuring window falls from a queue's steady-state p99 (docs/planner.md,
"How long a window must be"). FCFS with c = 2 workers, Poisson arrivals; service exponential (M/M/2, the planner's
wait model on a CPU pod) or shifted exponential with cs^2 = 0.02 (ResNet-18's measured calls).

    python3 docs/scripts/window_p99.py 35.38 0.90 exp      # ResNet-18's 85 % row (2026-11-27: median 0.65-0.66 at 40 s)
    python3 docs/scripts/window_p99.py 24.98 0.61 exp      # its 60 % row
    python3 docs/scripts/window_p99.py 35.38 0.90 regular  # the same row with near-constant calls

Needs NumPy (Debian: python3-numpy). Each window begins after 8 s at the rate from an empty queue (the rig before the
thirty-fifth run), and the windows of 120-600 s after 30 s.
"""
import sys

import numpy as np

rng = np.random.default_rng(1)


def latencies(lam, servers, service, n):
    arrivals = np.cumsum(rng.exponential(1 / lam, n))
    free = np.zeros(servers)
    out = np.empty(n)
    for i in range(n):
        k = free.argmin()
        free[k] = max(arrivals[i], free[k]) + service[i]
        out[i] = free[k] - arrivals[i]
    return arrivals, out


def main():
    lam, rho, kind = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    mean = rho * 2 / lam

    def service(n):
        if kind == "exp":
            return rng.exponential(mean, n)
        m = mean * np.sqrt(0.02)
        return (mean - m) + rng.exponential(m, n)

    _, steady = latencies(lam, 2, service(3_000_000), 3_000_000)
    steady_p99 = np.percentile(steady[10_000:], 99)
    print(f"{kind}, rho {rho}, {lam}/s: steady p99 {steady_p99 * 1000:.0f} ms")
    for warmup, seconds, windows in ((8, 40, 300), (30, 120, 100), (30, 300, 40), (30, 600, 20)):
        ratios = []
        for _ in range(windows):
            n = int(lam * (warmup + seconds) * 1.2) + 100
            arrivals, lat = latencies(lam, 2, service(n), n)
            inside = (arrivals >= warmup) & (arrivals < warmup + seconds)
            ratios.append(np.percentile(lat[inside], 99) / steady_p99)
        r = np.array(ratios)
        print(f"  {seconds} s windows after {warmup} s: p99 / steady median {np.median(r):.2f},"
              f" p10-p90 {np.percentile(r, 10):.2f}-{np.percentile(r, 90):.2f},"
              f" within 20 % {np.mean(np.abs(r - 1) <= 0.2):.0%}")


if __name__ == "__main__":
    main()
