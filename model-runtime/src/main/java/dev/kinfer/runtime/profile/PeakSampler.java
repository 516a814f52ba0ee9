package dev.kinfer.runtime.profile;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples a {@link MemoryProbe} every few milliseconds on a daemon thread and keeps the highest value:
 * the peak memory of one profile point. Both ends are sampled too, so a point shorter than one period
 * still has a figure.
 */
final class PeakSampler implements AutoCloseable {
    static final long PERIOD_MILLIS = 5;

    private final MemoryProbe probe;
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;

    PeakSampler(MemoryProbe probe) {
        this.probe = probe;
        sample();
        thread = new Thread(this::loop, "kinfer-profile-memory");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            sample();
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        long used = probe.usedBytes();
        peak.accumulateAndGet(used, Math::max);
    }

    /** Stops sampling (after one last sample) and returns the peak in bytes. */
    long stop() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        return peak.get();
    }

    @Override
    public void close() {
        stop();
    }
}
