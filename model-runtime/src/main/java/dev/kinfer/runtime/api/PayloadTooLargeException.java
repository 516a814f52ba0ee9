package dev.kinfer.runtime.api;

/** The request body is larger than {@code KINFER_MAX_REQUEST_BYTES} (413). */
public class PayloadTooLargeException extends InvalidRequestException {
    public PayloadTooLargeException(long limit) {
        super("request body is larger than the limit of " + limit + " bytes (KINFER_MAX_REQUEST_BYTES); send smaller"
                + " batches, or use the binary tensor data extension, which is about 3x smaller than JSON");
    }
}
