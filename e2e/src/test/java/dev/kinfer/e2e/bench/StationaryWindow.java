package dev.kinfer.e2e.bench;

/**
 * How long a validation row must load a pod for its measured p99 to be the steady state's, which is what the planner
 * predicts (docs/planner.md, "How long a window must be"). A queue forgets where it started, and one busy spell is
 * replaced by an independent one, on the scale of its relaxation time; a window of a few of them sees a handful of
 * spells, and its p99 is mostly below the steady state's. For c workers fed batches of mean size k at lambda samples
 * per second with utilisation rho, pooled into one server c times as fast (as the planner's wait model pools them),
 * the M/M/1 relaxation time is
 *
 * <pre>
 *   tau = rho k / (lambda (1 - sqrt(rho))^2)
 * </pre>
 *
 * (ResNet-18's 85 % row here: rho 0.90, k 1.07, lambda 35.4/s: tau = 10 s; the 60 % row: 0.5 s). Simulated M/M/2 at
 * rho 0.9 (docs/scripts/window_p99.py): the median p99 of 40 s windows was 0.65 of the steady state's, and 23 % of
 * windows were within 20 % of it; windows of 60 tau (600 s) had a median of 0.93 and 65 % within 20 %.
 */
record StationaryWindow(double relaxationSeconds) {

    /** Windows this many relaxation times long, at least the row's usual length. */
    static final double WINDOW_RELAXATIONS = 60;

    /** A warm-up at the rate of at least this many relaxation times, so that the window starts in the steady state. */
    static final double WARMUP_RELAXATIONS = 5;

    static StationaryWindow of(double utilisation, double meanBatch, double samplesPerSecond) {
        if (!(utilisation > 0) || utilisation >= 1 || !(meanBatch >= 1) || !(samplesPerSecond > 0)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "utilisation in (0, 1), mean batch"
                    + " >= 1 and a positive rate expected; got %s, %s, %s", utilisation, meanBatch, samplesPerSecond));
        }
        double gap = 1 - Math.sqrt(utilisation);
        return new StationaryWindow(utilisation * meanBatch / (samplesPerSecond * gap * gap));
    }

    /** The row's window: {@link #WINDOW_RELAXATIONS} relaxation times, within [usual, most] seconds. */
    int windowSeconds(int usual, int most) {
        return (int) Math.min(Math.max(usual, most), Math.max(usual, Math.ceil(WINDOW_RELAXATIONS * relaxationSeconds)));
    }

    /** The unrecorded load at the rate before the window: {@link #WARMUP_RELAXATIONS} relaxation times at least. */
    int warmupSeconds(int usual) {
        return (int) Math.max(usual, Math.ceil(WARMUP_RELAXATIONS * relaxationSeconds));
    }
}
