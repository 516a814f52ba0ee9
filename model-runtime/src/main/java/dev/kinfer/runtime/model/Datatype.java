package dev.kinfer.runtime.model;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Open Inference Protocol tensor datatypes this runtime can hand to PyTorch, with their DJL twins. */
public enum Datatype {
    BOOL(DataType.BOOLEAN),
    UINT8(DataType.UINT8),
    INT8(DataType.INT8),
    INT16(DataType.INT16),
    INT32(DataType.INT32),
    INT64(DataType.INT64),
    FP16(DataType.FLOAT16),
    FP32(DataType.FLOAT32),
    FP64(DataType.FLOAT64);

    private final DataType djl;

    Datatype(DataType djl) {
        this.djl = djl;
    }

    public DataType djl() {
        return djl;
    }

    /** Bytes per element in the raw little-endian layout. */
    public int bytes() {
        return djl.getNumOfBytes();
    }

    public static Optional<Datatype> parse(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }

    public static Optional<Datatype> of(DataType djl) {
        return Arrays.stream(values()).filter(d -> d.djl == djl).findFirst();
    }

    /** "BOOL, UINT8, ..., FP64": the list error messages show. */
    public static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
