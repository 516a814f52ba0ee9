package dev.kinfer.runtime.model;

/** One declared input or output of a model: -1 in {@code shape} marks a dynamic dimension. */
public record TensorSpec(String name, Datatype datatype, long[] shape) {
}
