package dev.kinfer.runtime.cli;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;

/**
 * The option syntax of the runtime's commands ({@code profile}, {@code fetch}): {@code --name value} or
 * {@code --name=value}, and {@code --help}/{@code -h}. Options are read one at a time as the caller iterates, so a
 * command reports the first problem in argument order, whether the word or its value is wrong. Each command throws
 * its own usage exception, which carries the message.
 */
public final class CommandLine {

    /** The help flag, as an option without a value. */
    public static final String HELP = "--help";

    /** One option: its name as written before any {@code =}, and its value ({@code null} for {@link #HELP}). */
    public record Option(String name, String value) {
    }

    private CommandLine() {
    }

    /**
     * The options in {@code args}, in order.
     *
     * @param known the option names that take a value
     * @param usage makes the command's usage exception from a message
     */
    public static Iterable<Option> options(String[] args, Set<String> known,
                                           Function<String, ? extends RuntimeException> usage) {
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < args.length;
            }

            @Override
            public Option next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String arg = args[next++];
                if (arg.equals(HELP) || arg.equals("-h")) {
                    return new Option(HELP, null);
                }
                if (!arg.startsWith("--")) {
                    throw usage.apply("unexpected argument '" + arg + "'; options start with --, see --help");
                }
                int eq = arg.indexOf('=');
                String name = eq > 0 ? arg.substring(0, eq) : arg;
                if (!known.contains(name)) {
                    throw usage.apply("unknown option '" + name + "'; see --help for the options");
                }
                if (eq > 0) {
                    return new Option(name, arg.substring(eq + 1));
                }
                if (next < args.length) {
                    return new Option(name, args[next++]);
                }
                throw usage.apply(name + " needs a value; see --help");
            }
        };
    }

    /** {@code value} trimmed; a blank one is refused with "NAME is empty; expected EXPECTED". */
    public static String nonBlank(String name, String value, String expected,
                                  Function<String, ? extends RuntimeException> usage) {
        if (value.isBlank()) {
            throw usage.apply(name + " is empty; expected " + expected);
        }
        return value.trim();
    }
}
