package dev.kinfer.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ModelRejectedInputExceptionTest {

    @Test
    void summarizesATorchScriptTracebackByItsErrorLine() {
        String message = "The following operation failed in the TorchScript interpreter.\n"
                + "Traceback of TorchScript, serialized code (most recent call last):\n"
                + "  File \"code/__torch__.py\", line 10, in forward\n"
                + "RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x5 and 6x3)\n";
        assertEquals("RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x5 and 6x3)",
                ModelRejectedInputException.summarize(new RuntimeException(message)));
    }

    @Test
    void keepsAOneLineMessageAsItIs() {
        assertEquals("index out of range in self", ModelRejectedInputException.summarize(new RuntimeException("index out of range in self")));
    }
}
