package dev.kinfer.runtime.worker;

import dev.kinfer.runtime.model.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Stacks the inputs of compatible jobs along the first dimension and splits the outputs back. Tensors
 * are row-major, so stacking along the first dimension is concatenating their bytes.
 */
final class Batches {
    private Batches() {
    }

    /** Input {@code i} of every job, concatenated; the jobs share a batch key, so only dimension 0 differs. */
    static List<Tensor> stack(List<InferenceJob> jobs) {
        int inputs = jobs.get(0).inputs().size();
        List<Tensor> stacked = new ArrayList<>(inputs);
        for (int i = 0; i < inputs; i++) {
            Tensor head = jobs.get(0).inputs().get(i);
            int bytes = 0;
            long rows = 0;
            for (InferenceJob job : jobs) {
                bytes += job.inputs().get(i).data().remaining();
                rows += job.inputs().get(i).shape()[0];
            }
            ByteBuffer data = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
            for (InferenceJob job : jobs) {
                data.put(job.inputs().get(i).data().duplicate());
            }
            data.flip();
            long[] shape = head.shape().clone();
            shape[0] = rows;
            stacked.add(new Tensor(head.name(), head.datatype(), shape, data));
        }
        return stacked;
    }

    /**
     * Each job's rows of every output, or null when an output's first dimension is not the batch's
     * sample count (the model does not batch the way the signature says; the caller runs jobs alone).
     */
    static List<List<Tensor>> split(List<Tensor> outputs, List<InferenceJob> jobs) {
        int total = jobs.stream().mapToInt(InferenceJob::samples).sum();
        for (Tensor out : outputs) {
            if (out.shape().length == 0 || out.shape()[0] != total) {
                return null;
            }
        }
        List<List<Tensor>> parts = new ArrayList<>(jobs.size());
        int row = 0;
        for (InferenceJob job : jobs) {
            List<Tensor> mine = new ArrayList<>(outputs.size());
            for (Tensor out : outputs) {
                int rowBytes = out.data().remaining() / total;
                long[] shape = out.shape().clone();
                shape[0] = job.samples();
                ByteBuffer slice = out.data().slice(out.data().position() + row * rowBytes, job.samples() * rowBytes)
                        .order(out.data().order());
                mine.add(new Tensor(out.name(), out.datatype(), shape, slice));
            }
            parts.add(mine);
            row += job.samples();
        }
        return parts;
    }
}
