package dev.kinfer.e2e;

import dev.kinfer.e2e.cluster.LocalCluster;
import dev.kinfer.e2e.cluster.PodInfo;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A harness for {@link SigkilledHarnessE2E} to kill: a local cluster of its own (working files in the directory given
 * as the first argument) serving the demo, started by the same code as the e2e tests'. Once the demo's runtime
 * process is ready it prints {@code PIDS <operator pid> <runtime pid>} and waits to be killed.
 */
public final class SigkilledHarness {

    private SigkilledHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        LocalCluster cluster = LocalCluster.start(Services.ROOT, work, line -> System.out.println("[harness] " + line),
                Map.of());
        try (var in = Files.newInputStream(Services.ROOT.resolve("examples/demo-cpu.yaml"))) {
            var demo = cluster.client().resources(dev.kinfer.api.v1alpha1.InferenceService.class).load(in).item();
            demo.getMetadata().setNamespace("harness");
            cluster.client().resource(demo).create();
        }
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            List<PodInfo> pods = cluster.agent().pods("harness", "demo-predictor");
            if (!pods.isEmpty() && pods.get(0).ready() && pods.get(0).pid() > 0) {
                System.out.println("PIDS " + cluster.operatorPid() + " " + pods.get(0).pid());
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE); // until SIGKILL
            }
            Thread.sleep(200);
        }
        Deployment deployment = cluster.client().apps().deployments().inNamespace("harness")
                .withName("demo-predictor").get();
        System.out.println("FAILED: no ready runtime process within 3 minutes; deployment " + deployment);
        cluster.close();
        System.exit(1);
    }
}
