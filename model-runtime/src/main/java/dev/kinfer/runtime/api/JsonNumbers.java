package dev.kinfer.runtime.api;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Floats and doubles in every JSON answer are written as their shortest decimal that reads back to the same value
 * (Jackson's Schubfach writer). Java 17's {@code Float.toString} takes a slow path through big integers for many
 * values and sometimes writes more digits than needed; an inference answer is mostly such numbers (a ResNet-18 answer
 * is 1,000 of them, formatted on the worker that ran the call).
 */
@Singleton
public class JsonNumbers implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature());
    }
}
