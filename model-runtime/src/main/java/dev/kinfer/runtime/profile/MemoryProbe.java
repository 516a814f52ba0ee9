package dev.kinfer.runtime.profile;

/**
 * How much memory the profiled process uses right now, in bytes: process memory (RSS) on a CPU, device
 * memory on a GPU. The seam between the measuring loop (tested on CPU) and CUDA (needs a GPU).
 */
public interface MemoryProbe {
    long usedBytes();

    /** Lets memory freed by the previous point go back before the next one is measured (default: nothing to do). */
    default void settle() {
    }

    /** What the number means, for the progress output. */
    String describe();
}
