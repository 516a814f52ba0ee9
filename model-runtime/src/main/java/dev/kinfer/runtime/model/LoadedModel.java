package dev.kinfer.runtime.model;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A model in memory. {@code copies} holds one copy of the weights shared by every worker, or one per
 * worker ({@code KINFER_MODEL_COPIES=per-worker}); workers make their predictors from {@link #copyFor}.
 *
 * @param loadMillis how long loading all copies took, for the model-load-time metric
 */
public record LoadedModel(String name, Path path, List<ZooModel<NDList, NDList>> copies, Device device,
                          Optional<Signature> signature, long loadMillis) {

    public LoadedModel {
        copies = List.copyOf(copies);
    }

    /** The first (with shared weights: the only) copy. */
    public ZooModel<NDList, NDList> model() {
        return copies.get(0);
    }

    /** The copy worker {@code worker} uses. */
    public ZooModel<NDList, NDList> copyFor(int worker) {
        return copies.get(worker % copies.size());
    }

    /** Name of output {@code i}: from the signature when it declares one, else output0, output1, ... */
    public String outputName(int i) {
        return signature.filter(s -> i < s.outputs().size())
                .map(s -> s.outputs().get(i).name())
                .orElse("output" + i);
    }

    /**
     * True when every input's first dimension is the batch dimension (declared -1 in the signature),
     * so requests can be stacked along it. Without a signature nothing is known, so nothing is stacked.
     */
    public boolean batchable() {
        return signature.map(s -> s.inputs().stream().allMatch(t -> t.shape().length > 0 && t.shape()[0] == -1))
                .orElse(false);
    }
}
