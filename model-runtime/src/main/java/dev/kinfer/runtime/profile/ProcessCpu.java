package dev.kinfer.runtime.profile;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/** CPU time used by a process, all its threads together. */
final class ProcessCpu {
    private ProcessCpu() {
    }

    /** This JVM's CPU time in nanoseconds. */
    static long nanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Another process's CPU time in nanoseconds (Linux reads /proc/PID/stat, in clock ticks); -1 when unknown. */
    static long nanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }
}
