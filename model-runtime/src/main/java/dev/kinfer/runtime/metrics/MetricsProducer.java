package dev.kinfer.runtime.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One {@link RuntimeMetrics} over Quarkus' Prometheus registry, and the filter that keeps its text valid. */
public class MetricsProducer {

    @Produces
    @Singleton
    RuntimeMetrics metrics(MeterRegistry registry) {
        return new RuntimeMetrics(registry);
    }

    /**
     * Keeps the scrape clean for {@code promtool check metrics}: Micrometer's CPU meters describe
     * themselves with double quotes, which end up as an escape the text format does not allow in HELP
     * lines (promtool rejects the whole scrape), so quotes become apostrophes; meters without a
     * description get one; {@code system.cpu.count} (a gauge; "_count" is reserved for histograms) is
     * renamed {@code system.cpu.cores}; {@code process.cpu.time} (an abbreviated unit) is dropped, as
     * {@code process_cpu_usage} carries the same information.
     */
    @Produces
    @Singleton
    MeterFilter plainHelpText() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                return id.getName().equals("process.cpu.time") ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
            }

            @Override
            public Meter.Id map(Meter.Id id) {
                String help = id.getDescription();
                String name = id.getName().equals("system.cpu.count") ? "system.cpu.cores" : id.getName();
                String plain = help == null || help.isBlank() ? name.replace('.', ' ') : help.replace('"', '\'');
                if (plain.equals(help) && name.equals(id.getName())) {
                    return id;
                }
                return new Meter.Id(name, Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), plain, id.getType());
            }
        };
    }
}
