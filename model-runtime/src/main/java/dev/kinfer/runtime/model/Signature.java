package dev.kinfer.runtime.model;

import java.util.List;

/**
 * What a model takes and returns. TorchScript files carry neither dtypes nor shapes (DJL's
 * {@code PtSymbolBlock.describeInput()} only echoes the shapes of the last forward call), so the
 * signature comes from configuration or a sidecar file; see {@link SignatureReader}.
 *
 * @param source where it came from, for logs and errors
 */
public record Signature(List<TensorSpec> inputs, List<TensorSpec> outputs, String source) {
}
