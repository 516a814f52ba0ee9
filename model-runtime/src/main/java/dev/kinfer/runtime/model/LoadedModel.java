package dev.kinfer.runtime.model;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Path;
import java.util.Optional;

/** A model in memory: its weights live once in {@code model}; workers make predictors from it. */
public record LoadedModel(String name, Path path, ZooModel<NDList, NDList> model, Device device,
                          Optional<Signature> signature) {

    /** Name of output {@code i}: from the signature when it declares one, else output0, output1, ... */
    public String outputName(int i) {
        return signature.filter(s -> i < s.outputs().size())
                .map(s -> s.outputs().get(i).name())
                .orElse("output" + i);
    }
}
