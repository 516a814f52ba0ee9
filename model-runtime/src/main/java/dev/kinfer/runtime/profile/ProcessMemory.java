package dev.kinfer.runtime.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident memory (VmRSS of {@code /proc/self/status}): Java heap, metaspace, libtorch and
 * every native tensor together, which is what a pod's memory limit is charged for. Off Linux, where that
 * file does not exist, it falls back to the JVM's committed heap (which misses native tensors).
 */
public final class ProcessMemory implements MemoryProbe {
    private static final Path STATUS = Path.of("/proc/self/status");
    private final boolean procAvailable = Files.isReadable(STATUS);

    @Override
    public long usedBytes() {
        if (procAvailable) {
            try {
                return parseRssBytes(Files.readString(STATUS));
            } catch (IOException | IllegalArgumentException e) {
                // fall through to the JVM's figure
            }
        }
        return Runtime.getRuntime().totalMemory();
    }

    /**
     * Without this, RSS only grows: a point would inherit the high-water mark of every point before it. A full GC
     * returns the heap's garbage, glibc's {@code malloc_trim(0)} (through JNA, which DJL ships) the native pages
     * freed tensors left in malloc's arenas. Either may be unavailable; the figure is then conservative.
     */
    @Override
    public void settle() {
        System.gc();
        try {
            com.sun.jna.NativeLibrary.getInstance("c").getFunction("malloc_trim").invokeInt(new Object[] {0});
        } catch (RuntimeException | LinkageError e) {
            // not glibc: RSS stays a high-water mark
        }
    }

    @Override
    public String describe() {
        return procAvailable ? "process RSS" : "JVM committed heap (no /proc/self/status: native memory not counted)";
    }

    /** The VmRSS line of a {@code /proc/<pid>/status} text, in bytes. */
    static long parseRssBytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        throw new IllegalArgumentException("no VmRSS line");
    }
}
