package dev.kinfer.runtime.profile;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.ZooModel;
import dev.kinfer.runtime.model.IntraOpThreads;
import dev.kinfer.runtime.model.TensorSpec;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Measures one (workers, batch) point the way the runtime serves: {@code workers} platform threads, each
 * with its own {@link Predictor} over the one shared model, each call in its own NDManager with the inputs
 * copied in and the outputs copied out. Every worker makes its warm-up calls (TorchScript's profiling
 * executor optimises a graph for new shapes during the first calls), then all start together and call
 * back to back until {@code seconds} have passed; each worker makes at least one measured call.
 */
final class PointRunner {
    private final ZooModel<NDList, NDList> model;
    private final Device device;
    private final List<TensorSpec> inputs;
    private final MemoryProbe memory;
    private final MemoryAccounting accounting;
    private final int warmupCalls;
    private final int configuredThreads;

    PointRunner(ZooModel<NDList, NDList> model, Device device, List<TensorSpec> inputs, MemoryProbe memory,
                MemoryAccounting accounting, int warmupCalls, int configuredThreads) {
        this.model = model;
        this.device = device;
        this.inputs = inputs;
        this.memory = memory;
        this.accounting = accounting;
        this.warmupCalls = warmupCalls;
        this.configuredThreads = configuredThreads;
    }

    PointResult run(int workers, int batch, double seconds) {
        return run(workers, batch, seconds, false).point();
    }

    /** A point and each call's start and duration, per worker, with the span they were measured over. */
    record Traced(PointResult point, long[][] starts, long[][] durations, long from, long to) {
        List<SpeedDrift.Scale> drift() {
            return SpeedDrift.measure(starts, durations, from, to);
        }
    }

    /** As {@link #run(int, int, double)}, keeping every call's start and duration. */
    Traced traced(int workers, int batch, double seconds) {
        return run(workers, batch, seconds, true);
    }

    private Traced run(int workers, int batch, double seconds, boolean trace) {
        long pointStart = System.nanoTime();
        // Each point runs with the intra-op threads the server would use at this worker count.
        IntraOpThreads.apply(IntraOpThreads.resolve(configuredThreads, device.isGpu(),
                Runtime.getRuntime().availableProcessors(), workers));
        memory.settle();
        SampleInputs sample = new SampleInputs(inputs, batch);
        Latencies[] latencies = new Latencies[workers];
        Latencies[] starts = new Latencies[workers];
        AtomicLong measureStart = new AtomicLong();
        AtomicLong cpuStart = new AtomicLong();
        AtomicLong lastEnd = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long window = (long) (seconds * 1e9);
        CyclicBarrier start = new CyclicBarrier(workers, () -> {
            cpuStart.set(ProcessCpu.nanos());
            measureStart.set(System.nanoTime());
        });
        Thread[] threads = new Thread[workers];
        long peak;
        try (PeakSampler sampler = new PeakSampler(memory)) {
            for (int w = 0; w < workers; w++) {
                Latencies mine = latencies[w] = new Latencies();
                Latencies myStarts = starts[w] = trace ? new Latencies() : null;
                threads[w] = new Thread(() -> work(sample, mine, myStarts, start, measureStart, window, lastEnd, failure),
                        "kinfer-profile-worker-" + w);
                threads[w].start();
            }
            for (Thread t : threads) {
                join(t);
            }
            peak = sampler.stop();
        }
        long cpu = ProcessCpu.nanos() - cpuStart.get();
        if (failure.get() != null) {
            Throwable e = failure.get();
            throw new ProfileFailedException("workers " + workers + " x batch " + batch + ": the model failed on inputs"
                    + " shaped like the signature (" + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage())
                    + "); does the signature match the model?", e);
        }
        long[] sorted = Latencies.merged(latencies);
        double measured = (lastEnd.get() - measureStart.get()) / 1e9;
        PointResult point = new PointResult(workers, batch, (double) sorted.length * batch / measured,
                Latencies.percentile(sorted, 0.50) / 1e6, Latencies.percentile(sorted, 0.99) / 1e6,
                accounting.pointMiB(peak), sorted.length, (System.nanoTime() - pointStart) / 1e9, cpu / 1e9);
        if (!trace) {
            return new Traced(point, null, null, measureStart.get(), lastEnd.get());
        }
        long[][] startNanos = new long[workers][];
        long[][] durationNanos = new long[workers][];
        for (int w = 0; w < workers; w++) {
            startNanos[w] = starts[w].toArray();
            durationNanos[w] = latencies[w].toArray();
        }
        return new Traced(point, startNanos, durationNanos, measureStart.get(), lastEnd.get());
    }

    /** {@code starts}, when not null, gets each measured call's start beside its duration in {@code mine}. */
    private void work(SampleInputs sample, Latencies mine, Latencies starts, CyclicBarrier start, AtomicLong measureStart,
                      long window, AtomicLong lastEnd, AtomicReference<Throwable> failure) {
        try (Predictor<NDList, NDList> predictor = model.newPredictor()) {
            try {
                for (int i = 0; i < warmupCalls; i++) {
                    call(predictor, sample);
                }
            } catch (Exception | Error e) {
                failure.compareAndSet(null, e);
            }
            // A worker whose warm-up failed still arrives, so that the others are not left waiting.
            start.await();
            if (failure.get() != null) {
                return;
            }
            long deadline = measureStart.get() + window;
            long now;
            do {
                long t0 = System.nanoTime();
                call(predictor, sample);
                now = System.nanoTime();
                mine.add(now - t0);
                if (starts != null) {
                    starts.add(t0);
                }
            } while (now < deadline && failure.get() == null);
            lastEnd.accumulateAndGet(now, Math::max);
        } catch (InterruptedException | BrokenBarrierException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, e);
        } catch (Exception | Error e) {
            failure.compareAndSet(null, e);
        }
    }

    private void call(Predictor<NDList, NDList> predictor, SampleInputs sample) throws Exception {
        try (NDManager manager = model.getNDManager().newSubManager(device)) {
            NDList outputs = predictor.predict(sample.toNDList(manager));
            for (NDArray output : outputs) {
                // Served requests copy every output to the host; on a GPU this also waits for the call to finish.
                output.toByteBuffer();
            }
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProfileFailedException("interrupted while measuring", e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
