package dev.kinfer.runtime.worker;

import dev.kinfer.runtime.api.InvalidRequestException;

/**
 * The engine refused a request's tensors (wrong rank, an index out of range, ...). Without a
 * signature this is the only check there is, so it is the client's error: 400, not 500.
 */
public class ModelRejectedInputException extends InvalidRequestException {
    public ModelRejectedInputException(String inputs, String engineMessage) {
        super(inputs + " rejected by the model: " + engineMessage);
    }

    /**
     * PyTorch errors carry a TorchScript traceback; the client needs the final "XxxError: ..." line,
     * and the log keeps the rest.
     */
    public static String summarize(Throwable error) {
        String message = String.valueOf(error.getMessage());
        String[] lines = message.split("\\R");
        String chosen = lines[0].strip();
        for (String line : lines) {
            if (line.matches("\\s*\\w*(Error|Exception): .*")) {
                chosen = line.strip();
            }
        }
        return chosen.length() > 400 ? chosen.substring(0, 400) + "..." : chosen;
    }
}
