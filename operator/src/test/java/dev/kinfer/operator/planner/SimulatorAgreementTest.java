package dev.kinfer.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The queueing model against the discrete-event simulation on the H200 ResNet-18 grid: every case's predicted p99
 * within 10 % of the simulated one. The table is printed and written to target/planner-validation.md.
 */
class SimulatorAgreementTest {

    static final double TOLERANCE = 0.10;

    record Case(int workers, int batch, int delayMillis, double targetUtilisation) {
    }

    record Row(Case c, double arrivalsPerSecond, LatencyPrediction predicted, BatchingSimulator.Result simulated) {
        double error() {
            return (predicted.p99Millis() - simulated.p99Millis()) / simulated.p99Millis();
        }
    }

    static List<Case> grid() {
        List<Case> cases = new ArrayList<>();
        for (int workers : new int[] {1, 2, 4, 8}) {
            for (double utilisation : new double[] {0.5, 0.9}) {
                cases.add(new Case(workers, 1, 0, utilisation));
                for (int batch : new int[] {8, 32, 64}) {
                    for (int delay : new int[] {2, 5}) {
                        cases.add(new Case(workers, batch, delay, utilisation));
                    }
                }
                // 16 was not measured: the planner and the simulator both interpolate between 8 and 32.
                cases.add(new Case(workers, 16, 3, utilisation));
            }
        }
        return cases;
    }

    @Test
    void predictedP99IsWithinTenPercentOfSimulatedAcrossTheH200Grid() throws IOException {
        ModelProfile profile = H200Profiles.resnet18Fp32();
        ProfileSurface surface = new ProfileSurface(profile);
        List<Case> cases = grid();
        List<Row> rows = cases.parallelStream().map(c -> {
            ServiceCurve curve = surface.curve(c.workers());
            double arrivals = arrivalsFor(curve, c);
            LatencyPrediction predicted = LatencyModel.predict(curve, c.workers(), c.batch(), c.delayMillis(),
                    arrivals / 1000);
            BatchingSimulator.Result simulated = new BatchingSimulator(profile, c.workers())
                    .run(c.workers(), c.batch(), c.delayMillis(), arrivals, 7 + cases.indexOf(c), 3_000_000, 100_000);
            return new Row(c, arrivals, predicted, simulated);
        }).toList();

        String table = table(rows);
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "planner-validation.md"), table);

        assertThat(rows).hasSizeGreaterThanOrEqualTo(30);
        assertThat(rows).allSatisfy(row -> assertThat(Math.abs(row.error()))
                .as("case %s: predicted %.3f ms, simulated %.3f ms", row.c(), row.predicted().p99Millis(),
                        row.simulated().p99Millis())
                .isLessThanOrEqualTo(TOLERANCE));
    }

    /**
     * A request overhead with a tail (median 0.35 ms, p99 2 ms: a host's jitter on a fast model) added to every
     * sample, against the simulator drawing it independently per sample.
     */
    @Test
    void aRequestOverheadWithATailIsAddedAsADistributionNotAConstant() {
        ModelProfile profile = H200Profiles.resnet18Fp32();
        ProfileSurface surface = new ProfileSurface(profile);
        RequestCost cost = new RequestCost(0.35, 0, 2.0);
        List<Case> cases = List.of(new Case(1, 1, 0, 0.5), new Case(1, 1, 0, 0.9), new Case(4, 1, 0, 0.5),
                new Case(1, 8, 2, 0.5), new Case(4, 32, 2, 0.9), new Case(8, 64, 5, 0.5));
        List<double[]> rows = cases.parallelStream().map(c -> {
            ServiceCurve curve = surface.curve(c.workers());
            double arrivals = arrivalsFor(curve, c);
            double withTail = LatencyModel.predict(curve, c.workers(), c.batch(), c.delayMillis(), arrivals / 1000, 1,
                    cost.overhead()).p99Millis();
            double constant = LatencyModel.predict(curve, c.workers(), c.batch(), c.delayMillis(), arrivals / 1000)
                    .p99Millis() + cost.overheadMillis();
            double simulated = new BatchingSimulator(profile, c.workers(), 0.35, 2.0)
                    .run(c.workers(), c.batch(), c.delayMillis(), arrivals, 11 + cases.indexOf(c), 2_000_000, 100_000)
                    .p99Millis();
            return new double[] {withTail, constant, simulated};
        }).toList();

        for (int i = 0; i < cases.size(); i++) {
            double[] row = rows.get(i);
            System.out.printf(Locale.ROOT, "overhead 0.35/2.0 ms, %s: predicted %.3f ms (constant overhead: %.3f),"
                    + " simulated %.3f ms%n", cases.get(i), row[0], row[1], row[2]);
            assertThat(Math.abs(row[0] - row[2]) / row[2])
                    .as("case %s: predicted %.3f ms, simulated %.3f ms", cases.get(i), row[0], row[2])
                    .isLessThanOrEqualTo(TOLERANCE);
            assertThat(row[0]).as("case %s: the tail adds more than the median", cases.get(i)).isGreaterThan(row[1]);
        }
    }

    /**
     * Why the runtime's batcher forms batches apart from the workers (docs/runtime.md, "Dynamic batching"): with the
     * rule it had before (a free worker took every queued request up to b; an arrival went to an idle worker first,
     * which opened a batch of its own) the same pods strayed from the model by 30-40 %, where batches formed by the
     * model's rule agree within 10 %. At 4 workers x batch 8, D = 5 ms, half busy, arrivals spread over the idle
     * workers' batches and waited out the delay; at 2 workers x batch 64, D = 2 ms, 90 % busy, batches grew while
     * they waited and their calls with them.
     */
    @Test
    void batchesFormedApartFromTheWorkersAreWhatTheModelPredictsAndWorkerPulledOnesAreNot() {
        ModelProfile profile = H200Profiles.resnet18Fp32();
        ProfileSurface surface = new ProfileSurface(profile);
        for (Case c : List.of(new Case(4, 8, 5, 0.5), new Case(2, 64, 2, 0.9))) {
            ServiceCurve curve = surface.curve(c.workers());
            double arrivals = arrivalsFor(curve, c);
            double predicted = LatencyModel.predict(curve, c.workers(), c.batch(), c.delayMillis(), arrivals / 1000)
                    .p99Millis();
            BatchingSimulator simulator = new BatchingSimulator(profile, c.workers());
            double formed = simulator.run(c.workers(), c.batch(), c.delayMillis(), arrivals, 5, 1_000_000, 50_000)
                    .p99Millis();
            double pulled = simulator.runWorkerPull(c.workers(), c.batch(), c.delayMillis(), arrivals, 5, 1_000_000,
                    50_000).p99Millis();
            System.out.printf(Locale.ROOT, "%s at %.0f/s: predicted %.3f ms, batches formed apart %.3f ms, pulled by"
                    + " free workers %.3f ms%n", c, arrivals, predicted, formed, pulled);

            assertThat(Math.abs(predicted - formed) / formed).as("%s formed apart", c).isLessThanOrEqualTo(TOLERANCE);
            assertThat(pulled / predicted).as("%s pulled by free workers", c).isGreaterThan(1.25);
        }
    }

    /** The arrival rate at which the workers are busy the target fraction of time (partial batches included). */
    static double arrivalsFor(ServiceCurve curve, Case c) {
        double lo = 0;
        double hi = curve.throughputPerSecond(c.batch());
        for (int i = 0; i < 40; i++) {
            double mid = (lo + hi) / 2;
            double utilisation = LatencyModel.predict(curve, c.workers(), c.batch(), c.delayMillis(), mid / 1000, 0)
                    .utilisation();
            if (utilisation < c.targetUtilisation()) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| workers | batch | delay ms | arrivals/s | utilisation | mean batch | predicted p99 ms "
                + "| simulated p99 ms | error |\n|---|---|---|---|---|---|---|---|---|\n");
        double worst = 0;
        for (Row r : rows) {
            worst = Math.max(worst, Math.abs(r.error()));
            out.append(String.format(Locale.ROOT, "| %d | %d | %d | %,.0f | %.2f | %.1f | %.2f | %.2f | %+.1f %% |%n",
                    r.c().workers(), r.c().batch(), r.c().delayMillis(), r.arrivalsPerSecond(),
                    r.predicted().utilisation(), r.simulated().meanBatch(), r.predicted().p99Millis(),
                    r.simulated().p99Millis(), 100 * r.error()));
        }
        out.append(String.format(Locale.ROOT, "%n%d cases, worst |error| %.1f %%%n", rows.size(), 100 * worst));
        return out.toString();
    }
}
