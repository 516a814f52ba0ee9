package dev.kinfer.e2e.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

/**
 * What the node agent does, one line per event ("started demo-predictor-1 (pid 123, port 4567)"), appended to a
 * file and passed to an optional listener (the quickstart prints it as progress).
 */
public final class AgentLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final Path file;
    private volatile Consumer<String> listener = line -> { };

    AgentLog(Path file) {
        this.file = file;
    }

    public void listen(Consumer<String> listener) {
        this.listener = listener;
    }

    public Path file() {
        return file;
    }

    synchronized void say(String message) {
        String line = LocalTime.now().truncatedTo(ChronoUnit.MILLIS).format(TIME) + " " + message;
        try {
            Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        listener.accept(message);
    }
}
