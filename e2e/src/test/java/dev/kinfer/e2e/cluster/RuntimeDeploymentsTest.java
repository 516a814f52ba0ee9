package dev.kinfer.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

class RuntimeDeploymentsTest {

    @Test
    void anInferenceServicesDeploymentIsARuntime() {
        Deployment predictor = new DeploymentBuilder().withNewMetadata().withName("demo-predictor")
                .addNewOwnerReference().withApiVersion("serving.kinfer.dev/v1alpha1").withKind("InferenceService")
                .withName("demo").withUid("u1").endOwnerReference().endMetadata().build();

        assertThat(RuntimeDeployments.isRuntime(predictor)).isTrue();
    }

    @Test
    void theChartsOperatorDeploymentIsNot() {
        Deployment operator = new DeploymentBuilder().withNewMetadata().withName("kinfer")
                .addToLabels("app.kubernetes.io/managed-by", "Helm").endMetadata().build();

        assertThat(RuntimeDeployments.isRuntime(operator)).isFalse();
    }

    @Test
    void norIsADeploymentOwnedBySomethingElse() {
        Deployment owned = new DeploymentBuilder().withNewMetadata().withName("other")
                .addNewOwnerReference().withApiVersion("example.com/v1").withKind("InferenceService")
                .withName("x").withUid("u2").endOwnerReference().endMetadata().build();

        assertThat(RuntimeDeployments.isRuntime(owned)).isFalse();
    }
}
