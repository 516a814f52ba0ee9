package dev.kinfer.e2e.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the kubeconfig of the local cluster, for the operator process, kubectl and helm. */
final class Kubeconfig {

    static final String CONTEXT = "kinfer-local";

    private Kubeconfig() {
    }

    static Path write(Path file, String serverUrl) throws IOException {
        Files.createDirectories(file.getParent());
        // The mock API server accepts any credentials; a token keeps clients from prompting for a login.
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                users:
                - name: %1$s
                  user:
                    token: local
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s
                    namespace: default
                current-context: %1$s
                """.formatted(CONTEXT, serverUrl));
        return file;
    }
}
