package dev.kinfer.e2e.packaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** After helm install, NOTES.txt tells the user what was installed and what to do next. */
class NotesTest {

    private static String notes(Path valueSet) {
        InstallCommand install = new Helm(Repo.CHART).install().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .withKubeVersion(Chart.KUBE_VERSION).withDryRunOption(DryRun.CLIENT).clientOnly();
        if (valueSet != null) {
            install = install.withValuesFile(valueSet);
        }
        return install.call().getOutput();
    }

    @Test
    void tellsHowToCheckTheOperatorServeAModelAndCallIt() {
        String notes = notes(null);
        assertTrue(notes.contains("kubectl -n kinfer-system rollout status deployment/kinfer"), notes);
        assertTrue(notes.contains("kubectl apply -n <namespace> -f examples/demo-cpu.yaml"), notes);
        assertTrue(notes.contains("http://<name>.<namespace>.svc.cluster.local/v2/models/<name>"), notes);
        assertTrue(notes.contains("watches InferenceServices in every namespace"), notes);
        assertTrue(notes.contains("kubectl apply --server-side --force-conflicts -f crds/"), notes);
    }

    @Test
    void namesTheWatchedNamespacesAndTheLeaderElection() {
        String notes = notes(Repo.CHART.resolve("ci/all-options-values.yaml"));
        assertTrue(notes.contains("only in: vision, nlp"), notes);
        assertTrue(notes.contains("3 operator replicas run with leader election (Lease \"kinfer-leader\")"), notes);
        assertTrue(notes.contains("registry.example.com/kinfer/model-runtime:0.1.0-cuda"), notes);
    }
}
