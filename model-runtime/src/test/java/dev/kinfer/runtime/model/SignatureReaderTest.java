package dev.kinfer.runtime.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.runtime.testing.Fixtures;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignatureReaderTest {

    @Test
    void readsTheSidecarBesideTheModel() {
        Signature s = SignatureReader.find(Optional.empty(), Fixtures.model("mlp")).orElseThrow();
        assertEquals("input", s.inputs().get(0).name());
        assertEquals(Datatype.FP32, s.inputs().get(0).datatype());
        assertArrayEquals(new long[] {-1, 16}, s.inputs().get(0).shape());
        assertEquals("probabilities", s.outputs().get(0).name());
    }

    @Test
    void prefersTheConfiguredSignatureOverTheSidecar() {
        String json = "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,16]}]}";
        Signature s = SignatureReader.find(Optional.of(json), Fixtures.model("mlp")).orElseThrow();
        assertEquals("x", s.inputs().get(0).name());
        assertEquals("KINFER_MODEL_SIGNATURE", s.source());
    }

    @Test
    void findsNoSignatureWhenThereIsNoSidecar() {
        assertTrue(SignatureReader.find(Optional.empty(), Fixtures.model("pair")).isEmpty());
    }

    @Test
    void allowsTheOutputsToBeLeftOut() {
        Signature s = SignatureReader.parse("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"INT64\",\"shape\":[-1,8]}]}", "test");
        assertTrue(s.outputs().isEmpty());
    }

    @Test
    void rejectsAnUnknownDatatypeNamingWhereItIs() {
        InvalidSignatureException e = assertThrows(InvalidSignatureException.class, () -> SignatureReader.parse(
                "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP99\",\"shape\":[-1]}]}", "KINFER_MODEL_SIGNATURE"));
        assertEquals("KINFER_MODEL_SIGNATURE: inputs[0].datatype 'FP99' is not one of BOOL, UINT8, INT8, INT16, INT32, INT64, FP16, FP32, FP64",
                e.getMessage());
    }

    @Test
    void rejectsADimensionOfZero() {
        InvalidSignatureException e = assertThrows(InvalidSignatureException.class, () -> SignatureReader.parse(
                "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,0]}]}", "s.json"));
        assertEquals("s.json: inputs[0].shape[1] is 0 but must be a positive size or -1 for a dynamic dimension", e.getMessage());
    }

    @Test
    void rejectsTextThatIsNotJson() {
        InvalidSignatureException e = assertThrows(InvalidSignatureException.class,
                () -> SignatureReader.parse("inputs: x", "KINFER_MODEL_SIGNATURE"));
        assertTrue(e.getMessage().startsWith("KINFER_MODEL_SIGNATURE is not valid JSON: "), e.getMessage());
    }

    @Test
    void rejectsASignatureWithoutInputs() {
        InvalidSignatureException e = assertThrows(InvalidSignatureException.class,
                () -> SignatureReader.parse("{\"outputs\":[]}", "s.json"));
        assertTrue(e.getMessage().startsWith("s.json: inputs is required"), e.getMessage());
    }
}
