package dev.kinfer.runtime.api.v2;

import dev.kinfer.runtime.model.Tensor;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A parsed V2 infer request.
 *
 * @param id echoed in the response when present
 * @param requestedOutputs names from the optional {@code outputs} field; empty means all outputs
 * @param binaryOutputs outputs to return as binary data ({@code outputs[i].parameters.binary_data})
 * @param allBinary {@code parameters.binary_data_output}: every output as binary data
 * @param timeoutMillis {@code parameters.timeout}: the request's deadline, from its arrival
 */
public record InferRequest(Optional<String> id, List<Tensor> inputs, List<String> requestedOutputs,
                           Set<String> binaryOutputs, boolean allBinary, OptionalLong timeoutMillis) {

    public InferRequest(Optional<String> id, List<Tensor> inputs, List<String> requestedOutputs) {
        this(id, inputs, requestedOutputs, Set.of(), false, OptionalLong.empty());
    }

    boolean binary(String output) {
        return allBinary || binaryOutputs.contains(output);
    }
}
