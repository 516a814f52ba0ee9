package dev.kinfer.operator.validation;

import static dev.kinfer.operator.Fixtures.predictor;
import static dev.kinfer.operator.Fixtures.resnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.api.v1alpha1.BatchingSpec;
import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.ModelFormat;
import dev.kinfer.api.v1alpha1.SlaSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

    @Test
    void acceptsAPytorchModelOnAPvc() {
        assertEquals(List.of(), SpecValidator.validate(resnet()));
    }

    @Test
    void acceptsAnAbsoluteFileUri() {
        InferenceService isvc = resnet();
        predictor(isvc).getModel().setStorageUri("file:///models/mlp.pt");
        assertEquals(List.of(), SpecValidator.validate(isvc));
    }

    @Test
    void rejectsAnUnsupportedModelFormatAndNamesTheSupportedOne() {
        InferenceService isvc = resnet();
        predictor(isvc).getModel().setModelFormat(new ModelFormat("onnx"));
        assertEquals(List.of("spec.predictor.model.modelFormat.name 'onnx' is not supported; use 'pytorch' "
                + "(a TorchScript file saved with torch.jit.save)"), SpecValidator.validate(isvc));
    }

    @Test
    void rejectsAMissingModelFormat() {
        InferenceService isvc = resnet();
        predictor(isvc).getModel().setModelFormat(null);
        assertEquals(List.of("spec.predictor.model.modelFormat.name is required; use 'pytorch' "
                + "(a TorchScript file saved with torch.jit.save)"), SpecValidator.validate(isvc));
    }

    @Test
    void rejectsAnUnsupportedStorageScheme() {
        InferenceService isvc = resnet();
        predictor(isvc).getModel().setStorageUri("gs://bucket/resnet18.pt");
        assertEquals(List.of("spec.predictor.model.storageUri scheme 'gs' is not supported; use pvc://<claim>/<path>, "
                + "file:///<path>, http(s)://<host>/<path> or s3://<bucket>/<key>"), SpecValidator.validate(isvc));
    }

    @Test
    void acceptsHttpsAndS3UrisWithAChecksumAndS3Credentials() {
        InferenceService https = resnet();
        predictor(https).getModel().setStorageUri("https://models.example.com/vision/resnet18.pt?X-Amz-Signature=x");
        predictor(https).getModel().setSha256("AB".repeat(32));
        InferenceService s3 = resnet();
        predictor(s3).getModel().setStorageUri("s3://models/vision/resnet18.pt");
        predictor(s3).getModel().setCredentialsSecret("s3-reader");
        assertEquals(List.of(), SpecValidator.validate(https));
        assertEquals(List.of(), SpecValidator.validate(s3));
    }

    @Test
    void rejectsAChecksumThatIsNotASha256() {
        InferenceService isvc = resnet();
        predictor(isvc).getModel().setStorageUri("https://models.example.com/resnet18.pt");
        predictor(isvc).getModel().setSha256("abc123");
        assertEquals(List.of("spec.predictor.model.sha256 'abc123' is not a SHA-256; use the 64 hex digits that "
                + "sha256sum prints for the model file"), SpecValidator.validate(isvc));
    }

    @Test
    void rejectsAChecksumForAModelThatIsNotDownloaded() {
        InferenceService isvc = resnet();
        predictor(isvc).getModel().setSha256("0".repeat(64));
        assertEquals(List.of("spec.predictor.model.sha256 is only checked for a downloaded model (http(s):// or s3:// "
                + "storageUri); remove it"), SpecValidator.validate(isvc));
    }

    @Test
    void rejectsCredentialsForAnythingButS3() {
        InferenceService isvc = resnet();
        predictor(isvc).getModel().setStorageUri("https://models.example.com/resnet18.pt");
        predictor(isvc).getModel().setCredentialsSecret("s3-reader");
        assertEquals(List.of("spec.predictor.model.credentialsSecret is only used for an s3:// storageUri; remove it"),
                SpecValidator.validate(isvc));
    }

    @Test
    void rejectsCredentialsInAnHttpUrlBecauseThePodSpecWouldShowThem() {
        InferenceService isvc = resnet();
        predictor(isvc).getModel().setStorageUri("https://user:pw@models.example.com/resnet18.pt");
        assertTrue(SpecValidator.validate(isvc).get(0).contains("carries credentials (user:password@)"));
    }

    @Test
    void rejectsAnS3UriWithoutAKeyOrWithAnInvalidBucket() {
        InferenceService noKey = resnet();
        predictor(noKey).getModel().setStorageUri("s3://models/");
        InferenceService badBucket = resnet();
        predictor(badBucket).getModel().setStorageUri("s3://Models_1/r.pt");
        assertEquals(List.of("spec.predictor.model.storageUri 's3://models/' names no object; "
                + "use s3://models/<key of the .pt file>"), SpecValidator.validate(noKey));
        assertTrue(SpecValidator.validate(badBucket).get(0).contains("does not name a valid S3 bucket"));
    }

    @Test
    void rejectsAnHttpUrlWithoutAFile() {
        InferenceService isvc = resnet();
        predictor(isvc).getModel().setStorageUri("http://models.example.com/");
        assertEquals(List.of("spec.predictor.model.storageUri 'http://models.example.com/' names no file; "
                + "use http(s)://models.example.com/<path to the .pt file>"), SpecValidator.validate(isvc));
    }

    @Test
    void rejectsAMissingStorageUri() {
        InferenceService isvc = resnet();
        predictor(isvc).getModel().setStorageUri(null);
        assertEquals(List.of("spec.predictor.model.storageUri is required; use pvc://<claim>/<path>, file:///<path>, "
                + "http(s)://<host>/<path> or s3://<bucket>/<key>"), SpecValidator.validate(isvc));
    }

    @Test
    void rejectsAPvcUriWithoutAFilePath() {
        InferenceService isvc = resnet();
        predictor(isvc).getModel().setStorageUri("pvc://models");
        assertEquals(List.of("spec.predictor.model.storageUri 'pvc://models' names no file on the claim; "
                + "use pvc://models/<path to the .pt file>"), SpecValidator.validate(isvc));
    }

    @Test
    void rejectsAPathThatEscapesTheMount() {
        InferenceService isvc = resnet();
        predictor(isvc).getModel().setStorageUri("pvc://models/../etc/passwd");
        assertTrue(SpecValidator.validate(isvc).get(0).contains("contains a '..' segment"));
    }

    @Test
    void rejectsARelativeFileUri() {
        InferenceService isvc = resnet();
        predictor(isvc).getModel().setStorageUri("file://models/mlp.pt");
        assertEquals(List.of("spec.predictor.model.storageUri 'file://models/mlp.pt' is not an absolute file path; "
                + "use file:///<absolute path to the .pt file> (three slashes)"), SpecValidator.validate(isvc));
    }

    @Test
    void rejectsAMissingPredictor() {
        InferenceService isvc = resnet();
        isvc.getSpec().setPredictor(null);
        assertEquals(List.of("spec.predictor is required; set spec.predictor.model.modelFormat.name and "
                + "spec.predictor.model.storageUri"), SpecValidator.validate(isvc));
    }

    @Test
    void rejectsAMissingModel() {
        InferenceService isvc = resnet();
        predictor(isvc).setModel(null);
        assertEquals(1, SpecValidator.validate(isvc).size());
        assertTrue(SpecValidator.validate(isvc).get(0).startsWith("spec.predictor.model is required"));
    }

    @Test
    void rejectsAMissingSpec() {
        InferenceService isvc = resnet();
        isvc.setSpec(null);
        assertTrue(SpecValidator.validate(isvc).get(0).startsWith("spec is required"));
    }

    @Test
    void rejectsMinReplicasAboveMaxReplicas() {
        InferenceService isvc = resnet();
        predictor(isvc).setMinReplicas(3);
        predictor(isvc).setMaxReplicas(2);
        assertEquals(List.of("spec.predictor.minReplicas 3 is greater than maxReplicas 2; lower minReplicas or "
                + "raise maxReplicas"), SpecValidator.validate(isvc));
    }

    @Test
    void rejectsPinsOutsideTheirRanges() {
        InferenceService isvc = resnet();
        predictor(isvc).setWorkers(0);
        BatchingSpec batching = new BatchingSpec();
        batching.setMaxBatchSize(5000);
        batching.setMaxBatchDelayMillis(-1);
        predictor(isvc).setBatching(batching);
        List<String> problems = SpecValidator.validate(isvc);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("spec.predictor.workers 0 is out of range"));
        assertTrue(problems.get(1).startsWith("spec.predictor.batching.maxBatchSize 5000 is out of range"));
        assertTrue(problems.get(2).startsWith("spec.predictor.batching.maxBatchDelayMillis -1 is out of range"));
    }

    @Test
    void rejectsANameThatCannotNameAService() {
        InferenceService isvc = dev.kinfer.operator.Fixtures.service("1resnet", "vision");
        assertTrue(SpecValidator.validate(isvc).get(0).startsWith("metadata.name '1resnet' cannot name a Service"));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        InferenceService isvc = resnet();
        predictor(isvc).getModel().setModelFormat(new ModelFormat("onnx"));
        predictor(isvc).getModel().setStorageUri("gs://bucket/model.onnx");
        predictor(isvc).setMinReplicas(3);
        predictor(isvc).setMaxReplicas(2);
        assertEquals(3, SpecValidator.validate(isvc).size());
    }

    @Test
    void rejectsAFractionOfAGpu() {
        InferenceService isvc = resnet();
        predictor(isvc).setResources(new ResourceRequirementsBuilder()
                .addToLimits("nvidia.com/gpu", new Quantity("500m")).build());
        assertEquals(List.of("spec.predictor.resources.limits.nvidia.com/gpu '500m' is not a whole number of GPUs; "
                + "use e.g. 1"), SpecValidator.validate(isvc));
    }

    @Test
    void rejectsAQuantityThatDoesNotParse() {
        InferenceService isvc = resnet();
        predictor(isvc).setResources(new ResourceRequirementsBuilder()
                .addToRequests("memory", new Quantity("lots")).build());
        assertEquals(List.of("spec.predictor.resources.requests.memory 'lots' is not a quantity; use e.g. 2, 500m "
                + "or 8Gi"), SpecValidator.validate(isvc));
    }

    @Test
    void acceptsWholeGpusAndOrdinaryQuantities() {
        InferenceService isvc = resnet();
        predictor(isvc).setResources(new ResourceRequirementsBuilder()
                .addToLimits("nvidia.com/gpu", new Quantity("2"))
                .addToLimits("memory", new Quantity("8Gi"))
                .addToRequests("cpu", new Quantity("500m")).build());
        assertEquals(List.of(), SpecValidator.validate(isvc));
    }

    @Test
    void rejectsANonPositiveSlaAndNamesTheField() {
        InferenceService isvc = resnet();
        isvc.getSpec().setSla(new SlaSpec(-1.0, 0.0));
        assertEquals(List.of("spec.sla.p99LatencyMillis is -1.0 but must be a positive number of milliseconds",
                "spec.sla.throughputPerSecond is 0.0 but must be a positive number of requests per second"),
                SpecValidator.validate(isvc));
    }

    @Test
    void rejectsAnEmptySla() {
        InferenceService isvc = resnet();
        isvc.getSpec().setSla(new SlaSpec());
        assertEquals(List.of("spec.sla is empty; set p99LatencyMillis, throughputPerSecond or both, or remove "
                + "spec.sla"), SpecValidator.validate(isvc));
    }
}
