package dev.kinfer.operator.planner;

/** The M/M/c probability that an arrival has to wait, for c servers and offered load a (Erlangs). */
final class ErlangC {

    private ErlangC() {
    }

    static double probabilityOfWaiting(int servers, double offeredLoad) {
        if (offeredLoad >= servers) {
            return 1;
        }
        // Erlang B by its stable recursion, then C from B.
        double b = 1;
        for (int k = 1; k <= servers; k++) {
            b = offeredLoad * b / (k + offeredLoad * b);
        }
        return servers * b / (servers - offeredLoad * (1 - b));
    }
}
