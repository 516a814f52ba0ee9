package dev.kinfer.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Which bodies are parsed on the event loop: those with little text to parse, however large their binary part. */
class ParseOnTheEventLoopTest {

    @Test
    void aPlainBodyIsAllText() {
        assertEquals(1_200_000, InferRoutes.textBytes(null, 1_200_000));
    }

    @Test
    void aBinaryExtensionBodyIsOnlyItsJsonPart() {
        // a ResNet-18 image: a short JSON header and 602,112 bytes of tensor
        assertEquals(180, InferRoutes.textBytes("180", 180 + 602_112));
        assertEquals(180, InferRoutes.textBytes(" 180 ", 180 + 602_112));
    }

    @Test
    void aHeaderThatIsNotALengthWithinTheBodyCountsTheWholeBody() {
        assertEquals(1000, InferRoutes.textBytes("abc", 1000));
        assertEquals(1000, InferRoutes.textBytes("-1", 1000));
        assertEquals(1000, InferRoutes.textBytes("1001", 1000));
        assertEquals(1000, InferRoutes.textBytes("99999999999999999999", 1000));
    }
}
