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
        return ms >= 10 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.1f ms", ms);
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
