package dev.kinfer.e2e.bench;

import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Counts the requests an API server answers, by HTTP method and by method and path, leaving out the requests of
 * clients that identify themselves with an excluded User-Agent (the benchmark's own). {@link #reset()} starts a new
 * window. Thread-safe: the mock server calls it from its request threads.
 */
public final class ApiCallCounter implements Consumer<RecordedRequest> {

    /** Methods that change something on a real API server. */
    public static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final Set<String> excludedAgents;
    private final Map<String, LongAdder> byMethod = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> writesByPath = new ConcurrentHashMap<>();

    public ApiCallCounter(Set<String> excludedAgents) {
        this.excludedAgents = Set.copyOf(excludedAgents);
    }

    @Override
    public void accept(RecordedRequest request) {
        record(request.getMethod(), request.getPath(), request.getHeader("User-Agent"));
    }

    /** Counts one request, unless {@code userAgent} is excluded. */
    public void record(String method, String path, String userAgent) {
        if (userAgent != null && excludedAgents.contains(userAgent)) {
            return;
        }
        byMethod.computeIfAbsent(method, m -> new LongAdder()).increment();
        if (WRITES.contains(method)) {
            String plain = path == null ? "" : path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            writesByPath.computeIfAbsent(method + " " + plain, p -> new LongAdder()).increment();
        }
    }

    /** Requests counted since the last reset, by method, sorted. */
    public Map<String, Long> byMethod() {
        Map<String, Long> counts = new TreeMap<>();
        byMethod.forEach((method, n) -> counts.put(method, n.sum()));
        return counts;
    }

    /** Write requests (POST, PUT, PATCH, DELETE) counted since the last reset. */
    public long writes() {
        return byMethod().entrySet().stream().filter(e -> WRITES.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Write requests since the last reset by "METHOD /path" (query dropped), for finding out who writes. */
    public Map<String, Long> writesByPath() {
        Map<String, Long> counts = new TreeMap<>();
        writesByPath.forEach((path, n) -> counts.put(path, n.sum()));
        return counts;
    }

    public void reset() {
        byMethod.clear();
        writesByPath.clear();
    }
}
