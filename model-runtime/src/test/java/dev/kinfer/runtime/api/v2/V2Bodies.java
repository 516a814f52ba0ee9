package dev.kinfer.runtime.api.v2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random V2 infer bodies: mostly requests a server takes, in any field order and spacing, with numbers
 * in every form JSON allows; some with what a server must refuse (a wrong count, a bad datatype, an
 * integer out of range); a few with what only Jackson reads (escapes, duplicate keys, big integers,
 * strings in data, trailing bytes). Data stays short, so that mutations often hit the structure.
 */
final class V2Bodies {
    private static final String[] DATATYPES = {"FP32", "FP64", "FP16", "INT64", "INT32", "INT16", "INT8", "UINT8", "BOOL"};
    private static final String[] ODD_NUMBERS = {"-0", "-0.0", "0.0", "0e5", "1e-320", "4.9e-324", "2.2250738585072014E-308",
        "1.7976931348623157e308", "1e309", "-2e-400", "9007199254740993", "9007199254740993.0", "1e22", "1e23", "0.1e-22",
        "123456789012345678", "1234567890123456789", "-9223372036854775808", "9223372036854775807", "3.0", "255", "256",
        "-129", "2147483648", "65504.5", "1E+2", "1e-00005", "1e000005", "0.000000000000000000000000000000001"};
    private static final String[] NAMES = {"input", "x", "y", "\u00e9t\u00e9", "\u540d", "emoji\ud83d\ude00", "a b"};

    private final Random random;
    private final StringBuilder out = new StringBuilder();

    V2Bodies(Random random) {
        this.random = random;
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    private String space() {
        return switch (random.nextInt(10)) {
            case 0 -> " ";
            case 1 -> "\n  ";
            case 2 -> "\t";
            case 3 -> " \r\n";
            default -> "";
        };
    }

    String body() {
        List<Runnable> members = new ArrayList<>();
        members.add(chance(96) ? () -> member("inputs", this::inputs) : () -> member("inputs", this::scalar));
        if (chance(40)) {
            members.add(() -> member("id", chance(90) ? () -> string(NAMES) : this::scalar));
        }
        if (chance(40)) {
            members.add(() -> member("parameters", this::parameters));
        }
        if (chance(30)) {
            members.add(() -> member("outputs", this::outputs));
        }
        if (chance(15)) {
            members.add(() -> member(chance(90) ? "extra" : "with\\u0020escape", this::anyValue));
        }
        if (chance(3)) {
            members.add(members.get(random.nextInt(members.size()))); // a duplicate key
        }
        Collections.shuffle(members, random);
        out.append(space());
        object(members);
        out.append(space());
        if (chance(2)) {
            out.append(random.nextBoolean() ? "x" : "{}");
        }
        return out.toString();
    }

    private void object(List<Runnable> members) {
        out.append('{').append(space());
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                out.append(',').append(space());
            }
            members.get(i).run();
        }
        out.append(space()).append('}');
    }

    private void member(String key, Runnable value) {
        out.append('"').append(key).append('"').append(space()).append(':').append(space());
        value.run();
        out.append(space());
    }

    private void string(String... choices) {
        out.append('"').append(choices[random.nextInt(choices.length)]).append('"');
    }

    private void inputs() {
        out.append('[');
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            out.append(i > 0 ? "," : "").append(space());
            if (chance(95)) {
                input();
            } else {
                anyValue();
            }
        }
        out.append(space()).append(']');
    }

    private void input() {
        int[] shape = new int[random.nextInt(4)];
        int elements = 1;
        for (int d = 0; d < shape.length; d++) {
            shape[d] = random.nextInt(5);
            elements *= shape[d];
        }
        String datatype = chance(95) ? DATATYPES[random.nextInt(DATATYPES.length)] : "fp32";
        List<Runnable> members = new ArrayList<>();
        members.add(() -> member("name", chance(97) ? () -> string(NAMES) : () -> string("", "na\\u006de")));
        members.add(() -> member("shape", chance(95) ? () -> shape(shape) : this::anyValue));
        members.add(() -> member("datatype", () -> string(datatype)));
        int count = chance(90) ? elements : elements + random.nextInt(3) - 1;
        members.add(() -> member("data", chance(96) ? () -> data(datatype, shape, count) : this::anyValue));
        if (chance(8)) {
            members.add(() -> member("parameters", () -> out.append(chance(50) ? "{\"binary_data_size\":8}" : "{\"x\":1}")));
        }
        if (chance(4)) {
            members.remove(random.nextInt(members.size()));
        }
        if (chance(2)) {
            members.add(members.get(random.nextInt(members.size())));
        }
        Collections.shuffle(members, random);
        object(members);
    }

    private void shape(int[] shape) {
        out.append('[');
        for (int d = 0; d < shape.length; d++) {
            out.append(d > 0 ? "," : "").append(space()).append(chance(98) ? Integer.toString(shape[d]) : "-1");
        }
        out.append(']');
    }

    /** {@code count} elements, nested as the shape says when the count matches it and the dice agree. */
    private void data(String datatype, int[] shape, int count) {
        int elements = 1;
        for (int dim : shape) {
            elements *= dim;
        }
        if (shape.length > 1 && count == elements && chance(40)) {
            nested(datatype, shape, 0);
            return;
        }
        out.append('[');
        for (int i = 0; i < count; i++) {
            out.append(i > 0 ? "," : "").append(space());
            element(datatype);
        }
        out.append(']');
    }

    private void nested(String datatype, int[] shape, int dim) {
        out.append('[');
        for (int i = 0; i < shape[dim]; i++) {
            out.append(i > 0 ? "," : "").append(space());
            if (dim + 1 < shape.length) {
                nested(datatype, shape, dim + 1);
            } else {
                element(datatype);
            }
        }
        out.append(']');
    }

    private void element(String datatype) {
        if (chance(2)) {
            out.append(switch (random.nextInt(4)) {
                case 0 -> "\"1\"";
                case 1 -> "null";
                case 2 -> "12345678901234567890123";
                default -> "{\"v\":1}";
            });
        } else if (datatype.equals("BOOL")) {
            out.append(chance(97) ? Boolean.toString(random.nextBoolean()) : "1");
        } else if (datatype.startsWith("FP") && chance(90) || chance(10)) {
            out.append(real());
        } else {
            out.append(random.nextInt(300) - 150);
        }
    }

    private String real() {
        return switch (random.nextInt(8)) {
            case 0, 1, 2 -> Float.toString(-2.2f + 4.9f * random.nextFloat());
            case 3 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
            case 4 -> Float.toString((float) (random.nextGaussian() * Math.pow(10, random.nextInt(60) - 30)));
            case 5 -> (random.nextBoolean() ? "-" : "") + random.nextInt(1000)
                    + (random.nextBoolean() ? "." + random.nextInt(1000) : "")
                    + (random.nextBoolean() ? "eE".charAt(random.nextInt(2)) + (random.nextBoolean() ? "-" : "+")
                    + random.nextInt(40) : "");
            case 6 -> digits(1 + random.nextInt(25)) + "." + digits(1 + random.nextInt(25));
            default -> ODD_NUMBERS[random.nextInt(ODD_NUMBERS.length)];
        };
    }

    private String digits(int count) {
        StringBuilder digits = new StringBuilder().append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < count; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }

    private void parameters() {
        List<Runnable> members = new ArrayList<>();
        if (chance(60)) {
            members.add(() -> member("timeout", () -> out.append(chance(80)
                    ? Integer.toString(1 + random.nextInt(100_000)) : ODD_NUMBERS[random.nextInt(ODD_NUMBERS.length)])));
        }
        if (chance(50)) {
            members.add(() -> member("binary_data_output", chance(90) ? () -> out.append(random.nextBoolean()) : this::scalar));
        }
        if (chance(30)) {
            members.add(() -> member("other", this::anyValue));
        }
        Collections.shuffle(members, random);
        object(members);
    }

    private void outputs() {
        out.append('[');
        int count = random.nextInt(3);
        for (int i = 0; i < count; i++) {
            out.append(i > 0 ? "," : "").append(space());
            List<Runnable> members = new ArrayList<>();
            members.add(() -> member("name", () -> string(NAMES)));
            if (chance(50)) {
                members.add(() -> member("parameters",
                        () -> out.append("{\"binary_data\":").append(random.nextBoolean()).append('}')));
            }
            Collections.shuffle(members, random);
            object(members);
        }
        out.append(']');
    }

    private void scalar() {
        out.append(switch (random.nextInt(6)) {
            case 0 -> "null";
            case 1 -> "true";
            case 2 -> "\"text\"";
            case 3 -> Integer.toString(random.nextInt());
            case 4 -> Long.toString(random.nextLong());
            default -> real();
        });
    }

    private void anyValue() {
        switch (random.nextInt(4)) {
            case 0 -> {
                out.append('[');
                scalar();
                out.append(',').append(space());
                scalar();
                out.append(']');
            }
            case 1 -> object(List.of(() -> member("k", this::scalar), () -> member("nested", () -> out.append("[{},[]]"))));
            default -> scalar();
        }
    }
}
