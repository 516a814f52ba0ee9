package dev.kinfer.e2e.bench;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Recorder;

/**
 * The ceiling a server is measured against: the same TorchScript model called in this JVM through
 * DJL, {@code workers} threads each with its own predictor over one copy of the weights (as the
 * runtime does), each call on a batch of {@code batch} samples, outputs copied out (as the runtime
 * does). No HTTP, no JSON, no queue.
 */
final class InProcess {
    record Result(int workers, int batch, double p50Millis, double p99Millis, long samples, double seconds) {
        double samplesPerSecond() {
            return samples / seconds;
        }
    }

    private InProcess() {
    }

    static Result measure(Path model, long[] sampleShape, float[] sample, int workers, int batch, double warmUpSeconds,
                          double seconds) throws Exception {
        try (Session session = Session.open(model, sampleShape, sample, workers, batch, warmUpSeconds)) {
            return session.run(seconds);
        }
    }

    /**
     * The model loaded and warmed once, then measured as often as asked: the in-process side of an interleaved
     * comparison ({@link Interleaved}) runs in slices of a few seconds without reloading the model between them.
     */
    static final class Session implements AutoCloseable {
        private final ZooModel<NDList, NDList> loaded;
        private final ByteBuffer input;
        private final long[] shape;
        private final int workers;
        private final int batch;

        private Session(ZooModel<NDList, NDList> loaded, ByteBuffer input, long[] shape, int workers, int batch) {
            this.loaded = loaded;
            this.input = input;
            this.shape = shape;
            this.workers = workers;
            this.batch = batch;
        }

        static Session open(Path model, long[] sampleShape, float[] sample, int workers, int batch,
                            double warmUpSeconds) throws Exception {
            System.setProperty("ai.djl.offline", "true");
            Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                    .optEngine("PyTorch").optModelPath(model).optTranslator(new NoopTranslator()).build();
            ZooModel<NDList, NDList> loaded = criteria.loadModel();
            try {
                return warmed(loaded, sampleShape, sample, workers, batch, warmUpSeconds);
            } catch (Exception | Error e) {
                loaded.close();
                throw e;
            }
        }

        private static Session warmed(ZooModel<NDList, NDList> loaded, long[] sampleShape, float[] sample, int workers,
                                      int batch, double warmUpSeconds) throws InterruptedException {
            long[] shape = sampleShape.clone();
            shape[0] = batch;
            ByteBuffer input = ByteBuffer.allocateDirect(sample.length * batch * 4).order(ByteOrder.nativeOrder());
            for (int b = 0; b < batch; b++) {
                for (float v : sample) {
                    input.putFloat(v);
                }
            }
            input.flip();
            Session session = new Session(loaded, input, shape, workers, batch);
            session.threads();
            InProcess.run(loaded, input, shape, workers, warmUpSeconds, new Recorder(60_000_000L, 3));
            return session;
        }

        /** The runtime's rule (IntraOpThreads): cores / workers threads inside a call, so both sides run alike. */
        private void threads() {
            JniUtils.setNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / workers));
        }

        /** {@code seconds} of calls; samples/s over the time from the start to the last call's end. */
        Result run(double seconds) throws InterruptedException {
            threads(); // process-wide: another session may have set its own since
            Recorder recorder = new Recorder(60_000_000L, 3);
            long start = System.nanoTime();
            long calls = InProcess.run(loaded, input, shape, workers, seconds, recorder);
            double elapsed = (System.nanoTime() - start) / 1e9;
            var histogram = recorder.getIntervalHistogram();
            return new Result(workers, batch, histogram.getValueAtPercentile(50) / 1000.0,
                    histogram.getValueAtPercentile(99) / 1000.0, calls * batch, elapsed);
        }

        @Override
        public void close() {
            loaded.close();
        }
    }

    private static long run(ZooModel<NDList, NDList> model, ByteBuffer input, long[] shape, int workers, double seconds,
                            Recorder recorder) throws InterruptedException {
        long until = System.nanoTime() + (long) (seconds * 1e9);
        long[] calls = new long[workers];
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int id = w;
            Thread thread = new Thread(() -> {
                try (Predictor<NDList, NDList> predictor = model.newPredictor()) {
                    while (System.nanoTime() < until) {
                        long t0 = System.nanoTime();
                        try (NDManager manager = model.getNDManager().newSubManager()) {
                            NDArray x = manager.create(input.duplicate(), new Shape(shape), DataType.FLOAT32);
                            NDList out = predictor.predict(new NDList(x));
                            for (NDArray o : out) {
                                ByteBuffer copy = ByteBuffer.allocate((int) (o.size() * o.getDataType().getNumOfBytes()));
                                copy.put(o.toByteBuffer());
                            }
                        }
                        recorder.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0)));
                        calls[id]++;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("in-process inference failed", e);
                }
            }, "inprocess-" + w);
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long total = 0;
        for (long c : calls) {
            total += c;
        }
        return total;
    }
}
