package dev.kinfer.operator.planner;

/** Input checks whose messages name the field, the value given and the value expected. */
final class Validation {

    private Validation() {
    }

    static void require(boolean condition, String field, Object given, String expected) {
        if (!condition) {
            throw new IllegalArgumentException(field + " is " + given + "; expected " + expected);
        }
    }
}
