package dev.kinfer.runtime.profile;

import dev.kinfer.common.ServerThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileJsonTest {
    /** No per-thread figures: the request CPU is the whole server's less the call's. */
    private static final java.util.Optional<ServerThreads.Shares> NO_SHARE = java.util.Optional.empty();

    private static final MemoryAccounting MEMORY = new MemoryAccounting(179.3, 44.75, false);

    @Test
    void roundsToWhatTheMeasurementSupports() {
        assertEquals(18624, ProfileJson.round(18623.7));
        assertEquals(14.2, ProfileJson.round(14.2349));
        assertEquals(1.23, ProfileJson.round(1.2345));
        assertEquals(0.0807, ProfileJson.round(0.080712));
        assertEquals(100, ProfileJson.round(99.96));
    }

    @Test
    void roundingNeverPutsP99BelowP50() {
        for (double p50 = 0.001; p50 < 2000; p50 *= 1.0137) {
            double p99 = p50 * 1.0001;
            assertTrue(ProfileJson.round(p99) >= ProfileJson.round(p50), p50 + " / " + p99);
        }
    }

    @Test
    void writesTheProfileSpecFieldsWithIntegersWithoutDecimals() throws Exception {
        String json = ProfileJson.render("cpu", MEMORY,
                List.of(new PointResult(1, 8, 706.04, 1.234, 1.71, 87.2, 300, 1.1))).json();
        assertEquals("{\"source\":\"measured\",\"device\":\"cpu\",\"weightsMiB\":44.8,\"contextMiB\":179,\"points\":"
                + "[{\"batch\":8,\"workers\":1,\"throughputPerSecond\":706,\"p50Millis\":1.23,\"p99Millis\":1.71,"
                + "\"memoryMiB\":87.2}]}", json);
        new ObjectMapper().readTree(json);
    }

    @Test
    void aMeasuredRequestCostIsWrittenBesideTheMemoryFigures() throws Exception {
        RequestCostProbe.Measured cost = new RequestCostProbe.Measured(0.31234, 0.1187, 0.35, 0.14, 5000,
                java.util.Optional.of(new RequestCostProbe.Tail(2500, 5000, 0.36, 1.7, 1.6723, 0.2, 0.6123, NO_SHARE)),
                NO_SHARE);
        JsonNode json = new ObjectMapper().readTree(ProfileJson.render("cpu", MEMORY,
                List.of(new PointResult(1, 1, 30000, 0.03, 0.09, 87.2, 300, 1.1)), java.util.Optional.of(cost), List.of()).json());

        assertEquals(0.312, json.get("requestOverheadMillis").asDouble());
        assertEquals(0.119, json.get("requestCpuMillis").asDouble());
        assertEquals(1.67, json.get("requestOverheadP99Millis").asDouble());
        assertEquals(0.612, json.get("requestOverheadP99Utilisation").asDouble());
        // the open-loop window's 0.2 CPU-ms a request less the busy window's 0.14: what a worker's wake-up costs
        assertEquals(0.06, json.get("requestBatchCpuMillis").asDouble());
    }

    @Test
    void thePerBatchCpuIsNeverMoreThanTheRequestCpu() {
        // busy 0.05, open loop 0.3, but only 0.1 beyond the call: all of it per batch, no more
        RequestCostProbe.Measured cost = new RequestCostProbe.Measured(0.3, 0.1, 0.35, 0.05, 5000,
                java.util.Optional.of(new RequestCostProbe.Tail(2500, 5000, 0.36, 1.7, 1.6, 0.3, 0.6, NO_SHARE)),
                NO_SHARE);
        assertEquals(java.util.Optional.of(0.1), cost.batchCpuMillis());
        // an open-loop window cheaper than the busy one (noise): no per-batch part
        RequestCostProbe.Measured cheaper = new RequestCostProbe.Measured(0.3, 0.1, 0.35, 0.2, 5000,
                java.util.Optional.of(new RequestCostProbe.Tail(2500, 5000, 0.36, 1.7, 1.6, 0.15, 0.6, NO_SHARE)),
                NO_SHARE);
        assertEquals(java.util.Optional.of(0.0), cheaper.batchCpuMillis());
    }

    @Test
    void aRequestCostWithoutAnOpenLoopWindowLeavesOutOnlyTheOverheadP99() throws Exception {
        RequestCostProbe.Measured cost = new RequestCostProbe.Measured(16.7, 20.2, 45.9, 60.1, 120,
                java.util.Optional.empty(), NO_SHARE);
        JsonNode json = new ObjectMapper().readTree(ProfileJson.render("cpu", MEMORY,
                List.of(new PointResult(1, 1, 34, 29.2, 31.0, 87.2, 300, 1.1)), java.util.Optional.of(cost), List.of()).json());

        assertEquals(16.7, json.get("requestOverheadMillis").asDouble());
        assertFalse(json.has("requestOverheadP99Millis"));
        assertFalse(json.has("requestOverheadP99Utilisation"));
        assertFalse(json.has("requestBatchCpuMillis"));
        assertFalse(json.has("speedDrift"));
    }

    @Test
    void aMeasuredSpeedDriftIsWrittenShortestScaleFirstAndRounded() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ProfileJson.render("cpu", MEMORY,
                List.of(new PointResult(2, 1, 40, 48.9, 70.9, 206, 300, 1.1)), java.util.Optional.empty(),
                List.of(new SpeedDrift.Scale(0.2004, 0.0041234), new SpeedDrift.Scale(0.4008, 0.0)))
                .json());

        JsonNode drift = json.get("speedDrift");
        assertEquals(2, drift.size());
        assertEquals(0.2, drift.get(0).get("seconds").asDouble());
        assertEquals(0.00412, drift.get(0).get("variance").asDouble());
        assertEquals(0.401, drift.get(1).get("seconds").asDouble());
        assertEquals(0, drift.get(1).get("variance").asDouble());
    }

    @Test
    void withoutARequestCostTheFieldsAreLeftOut() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ProfileJson.render("cpu", MEMORY,
                List.of(new PointResult(1, 1, 30000, 0.03, 0.09, 87.2, 300, 1.1))).json());

        assertFalse(json.has("requestOverheadMillis"));
        assertFalse(json.has("requestCpuMillis"));
        assertFalse(json.has("requestOverheadP99Millis"));
        assertFalse(json.has("requestOverheadP99Utilisation"));
        assertFalse(json.has("requestBatchCpuMillis"));
    }

    @Test
    void aLargeGridIsTrimmedToTheTerminationMessageLimitKeepingTheSmallestAndLargestWorkerCounts() throws Exception {
        List<PointResult> points = new ArrayList<>();
        for (int w = 1; w <= 64; w *= 2) {
            for (int b = 1; b <= 64; b *= 2) {
                points.add(new PointResult(w, b, 1000.123 * w * b, 1.2345 * b, 2.3456 * b, 100.123 + w * b, 10, 1));
            }
        }
        ProfileJson.Rendered rendered = ProfileJson.render("gpu", MEMORY, points);
        assertTrue(rendered.bytes() <= ProfileJson.LIMIT_BYTES, rendered.bytes() + " bytes");
        assertFalse(rendered.notes().isEmpty());
        assertTrue(rendered.notes().get(0).startsWith("dropped all points with 32 workers"), rendered.notes().toString());
        JsonNode root = new ObjectMapper().readTree(rendered.json());
        List<Integer> workers = new ArrayList<>();
        root.get("points").forEach(p -> workers.add(p.get("workers").asInt()));
        assertTrue(workers.contains(1) && workers.contains(64), workers.toString());
    }

    @Test
    void dominatedPointsAreDroppedFirst() {
        List<PointResult> points = new ArrayList<>();
        for (int b = 1; b <= 64; b *= 2) {
            points.add(new PointResult(1, b, 1000.0 * b, b, b, 50 + b, 10, 1));
            points.add(new PointResult(2, b, 1500.0 * b, b, b, 60 + b, 10, 1));
        }
        for (int i = 0; i < 40; i++) {
            // saturated: no more throughput, slower, more memory than 4 x 1
            points.add(new PointResult(4 + i, 1 + i, 500, 9, 9, 500, 10, 1));
        }
        ProfileJson.Rendered rendered = ProfileJson.render("cpu", MEMORY, points);
        assertTrue(rendered.bytes() <= ProfileJson.LIMIT_BYTES);
        assertTrue(rendered.notes().stream().allMatch(n -> n.contains("dominated")), rendered.notes().toString());
    }
}
