package dev.kinfer.e2e.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures several sides of a comparison in alternating short slices instead of one after the other: this machine's
 * speed wanders by several per cent over tens of seconds (ResNet-18's in-process calls: 30 s means from 52.0 to 59.1
 * ms within ten minutes), so two 10 s runs a minute apart compare two machines. Slices go in the order
 * A B C, C B A, A B C, ... (each side's slices centred on the same moment, so a steady rise or fall in speed
 * favours none of them), and each side's throughput is its samples over its seconds, summed over its slices.
 */
final class Interleaved {

    /** What one slice of one side did. */
    record Measured(double samples, double seconds) {
    }

    /** One side of the comparison: runs for about {@code length} and says what it did. */
    interface Side {
        Measured run(Duration length) throws Exception;
    }

    private Interleaved() {
    }

    /**
     * The sides' indices in the order their slices run: {@code slicesPerSide} passes over the sides, every other one
     * reversed.
     */
    static List<Integer> order(int sides, int slicesPerSide) {
        if (sides < 1 || slicesPerSide < 1) {
            throw new IllegalArgumentException("sides and slicesPerSide must be at least 1, got " + sides + " and "
                    + slicesPerSide);
        }
        List<Integer> order = new ArrayList<>(sides * slicesPerSide);
        for (int pass = 0; pass < slicesPerSide; pass++) {
            for (int i = 0; i < sides; i++) {
                order.add(pass % 2 == 0 ? i : sides - 1 - i);
            }
        }
        return order;
    }

    /** Runs every side's slices in {@link #order} and returns each side's samples per second over its slices. */
    static double[] samplesPerSecond(List<? extends Side> sides, int slicesPerSide, Duration slice) throws Exception {
        double[] samples = new double[sides.size()];
        double[] seconds = new double[sides.size()];
        for (int i : order(sides.size(), slicesPerSide)) {
            Measured measured = sides.get(i).run(slice);
            samples[i] += measured.samples();
            seconds[i] += measured.seconds();
        }
        double[] rates = new double[sides.size()];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = seconds[i] > 0 ? samples[i] / seconds[i] : 0;
        }
        return rates;
    }
}
