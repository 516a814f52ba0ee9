package dev.kinfer.operator.planner;

import java.util.Locale;

/** Number formats of the plan's human-readable reason. */
final class Format {

    private Format() {
    }

    static String millis(double ms) {
        if (Double.isInfinite(ms)) {
            return "unbounded";
        }
        // CPU models answer in tens of microseconds: below 1 ms one decimal would round 0.04 ms to 0.0 ms.
        String format = ms >= 10 ? "%.0f ms" : ms >= 1 ? "%.1f ms" : "%.2f ms";
        return String.format(Locale.ROOT, format, ms);
    }

    static String mib(double mib) {
        return mib >= 1024 ? String.format(Locale.ROOT, "%.1f GiB", mib / 1024) : String.format(Locale.ROOT, "%.0f MiB", mib);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f %%", fraction * 100);
    }
}
