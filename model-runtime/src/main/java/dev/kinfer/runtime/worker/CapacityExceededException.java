package dev.kinfer.runtime.worker;

/** The job queue is full: the client should retry later (503 with Retry-After). */
public class CapacityExceededException extends RuntimeException {
    private final int capacity;

    public CapacityExceededException(int capacity) {
        super("the server is at capacity: " + capacity + " requests are already waiting for a worker; retry later");
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }
}
