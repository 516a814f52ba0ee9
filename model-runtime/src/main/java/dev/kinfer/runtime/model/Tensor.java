package dev.kinfer.runtime.model;

import java.nio.ByteBuffer;

/**
 * A tensor outside the engine: raw row-major elements in native byte order, so it can be handed to
 * DJL without another copy and built from JSON or (later) the binary tensor extension alike.
 */
public record Tensor(String name, Datatype datatype, long[] shape, ByteBuffer data) {
}
