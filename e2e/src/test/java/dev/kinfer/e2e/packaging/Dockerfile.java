package dev.kinfer.e2e.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a Dockerfile the tests check, read from its text (no container engine here): instructions with
 * continuation lines joined, ENV and ARG values (of the final stage for ENV), USER, EXPOSE, COPY and ENTRYPOINT.
 */
record Dockerfile(List<String> instructions) {

    static Dockerfile read(Path file) throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            instructions.add(current.toString().strip());
            current.setLength(0);
        }
        return new Dockerfile(instructions);
    }

    /** Instructions after the last FROM: what the image that runs is made of. */
    List<String> finalStage() {
        int last = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (keyword(instructions.get(i)).equals("FROM")) {
                last = i;
            }
        }
        return instructions.subList(last, instructions.size());
    }

    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");
        for (String instruction : finalStage()) {
            if (keyword(instruction).equals("ENV")) {
                Matcher m = pair.matcher(argument(instruction));
                while (m.find()) {
                    env.put(m.group(1), m.group(2).replace("\"", ""));
                }
            }
        }
        return env;
    }

    /** Default values of every ARG in the file (any stage). */
    Map<String, String> args() {
        Map<String, String> args = new LinkedHashMap<>();
        for (String instruction : instructions) {
            if (keyword(instruction).equals("ARG") && argument(instruction).contains("=")) {
                String[] kv = argument(instruction).split("=", 2);
                args.put(kv[0], kv[1]);
            }
        }
        return args;
    }

    String last(String keyword) {
        String found = null;
        for (String instruction : finalStage()) {
            if (keyword(instruction).equals(keyword)) {
                found = argument(instruction);
            }
        }
        return found;
    }

    List<String> all(String keyword) {
        return finalStage().stream().filter(i -> keyword(i).equals(keyword)).map(Dockerfile::argument).toList();
    }

    private static String keyword(String instruction) {
        return instruction.split("\\s+", 2)[0].toUpperCase();
    }

    private static String argument(String instruction) {
        String[] parts = instruction.split("\\s+", 2);
        return parts.length > 1 ? parts[1] : "";
    }
}
