package dev.kinfer.runtime.api.v2;

import dev.kinfer.runtime.api.InvalidRequestException;
import dev.kinfer.runtime.model.LoadedModel;
import dev.kinfer.runtime.model.Shapes;
import dev.kinfer.runtime.model.Signature;
import dev.kinfer.runtime.model.Tensor;
import dev.kinfer.runtime.model.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Compares a request's inputs with the model's signature and puts them in the model's order
 * (V2 clients may send named inputs in any order). Without a signature the inputs pass as sent,
 * in request order, and the engine is the judge.
 */
public final class SignatureCheck {
    private SignatureCheck() {
    }

    public static List<Tensor> apply(LoadedModel model, List<Tensor> inputs) {
        if (model.signature().isEmpty()) {
            return inputs;
        }
        Signature signature = model.signature().get();
        List<TensorSpec> specs = signature.inputs();
        Tensor[] ordered = new Tensor[specs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            Tensor input = inputs.get(i);
            int at = indexOf(specs, input.name());
            if (at < 0) {
                throw new InvalidRequestException("inputs[" + i + "].name '" + input.name() + "' is not an input of model '"
                        + model.name() + "'; its inputs are: " + names(specs));
            }
            TensorSpec spec = specs.get(at);
            if (input.datatype() != spec.datatype()) {
                throw new InvalidRequestException("inputs[" + i + "].datatype '" + input.datatype()
                        + "' does not match the model's input '" + spec.name() + "' (" + spec.datatype() + ")");
            }
            if (!Shapes.fits(input.shape(), spec.shape())) {
                throw new InvalidRequestException("inputs[" + i + "].shape " + Shapes.format(input.shape())
                        + " does not match the model's input " + Shapes.format(spec.shape()));
            }
            ordered[at] = input;
        }
        List<String> missing = new ArrayList<>();
        for (int at = 0; at < ordered.length; at++) {
            if (ordered[at] == null) {
                missing.add(specs.get(at).name());
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidRequestException("inputs lacks " + String.join(", ", missing) + "; model '" + model.name()
                    + "' takes: " + names(specs));
        }
        return List.of(ordered);
    }

    private static int indexOf(List<TensorSpec> specs, String name) {
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String names(List<TensorSpec> specs) {
        return specs.stream().map(s -> s.name() + " " + s.datatype() + Shapes.format(s.shape()))
                .collect(Collectors.joining(", "));
    }
}
