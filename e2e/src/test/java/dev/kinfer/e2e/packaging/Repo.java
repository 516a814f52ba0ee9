package dev.kinfer.e2e.packaging;

import java.nio.file.Path;

/** Paths in the repository the packaging tests read; Maven passes the root as {@code kinfer.root}. */
final class Repo {

    static final Path ROOT = Path.of(System.getProperty("kinfer.root", "..")).toAbsolutePath().normalize();
    static final Path CHART = ROOT.resolve("helm/kinfer");
    static final Path CRD = ROOT.resolve("crds/inferenceservices.serving.kinfer.dev-v1.yml");
    static final Path EXAMPLES = ROOT.resolve("examples");
    static final Path HELM_BINARY = ROOT.resolve(".tools/helm/helm");

    private Repo() {
    }
}
