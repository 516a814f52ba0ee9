package dev.kinfer.runtime.api.v2;

import dev.kinfer.runtime.model.Tensor;
import java.util.List;
import java.util.Optional;

/**
 * A parsed V2 infer request.
 *
 * @param id echoed in the response when present
 * @param requestedOutputs names from the optional {@code outputs} field; empty means all outputs
 */
public record InferRequest(Optional<String> id, List<Tensor> inputs, List<String> requestedOutputs) {
}
