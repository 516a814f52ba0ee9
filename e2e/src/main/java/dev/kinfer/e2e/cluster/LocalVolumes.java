package dev.kinfer.e2e.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Plays the kubelet's volume mounts: a path inside a container that lies under a PersistentVolumeClaim's mount is
 * translated to the claim's local directory ({@code claims/<claim>}, with claim {@code models} →
 * {@code examples/models}), an emptyDir's to a directory of the pod. Paths outside any mount stay as they are, which
 * is what {@code file://} URIs need; so do paths that exist on the host under an emptyDir mount such as /tmp, since
 * the host plays the image.
 */
final class LocalVolumes {

    /** Set by the harness itself, never taken from the pod template: ports, DJL's cache, the termination log. */
    static final Set<String> HARNESS_ENV = Set.of("QUARKUS_HTTP_PORT", "DJL_CACHE_DIR", "ENGINE_CACHE_DIR");

    private final Map<String, Path> claims;
    private final Path claimRoot;
    private final Path podRoot;

    LocalVolumes(Map<String, Path> claims, Path claimRoot, Path podRoot) {
        this.claims = Map.copyOf(claims);
        this.claimRoot = claimRoot;
        this.podRoot = podRoot;
    }

    /** The local directory of a pod: its emptyDirs and the output of its init containers. */
    Path podDir(String podName) {
        return podRoot.resolve(podName);
    }

    /** The local directory that stands for a PersistentVolumeClaim. */
    Path claim(String name) {
        return claims.getOrDefault(name, claimRoot.resolve(name));
    }

    /** The container's literal environment with mounted paths translated; valueFrom entries are left out. */
    Map<String, String> env(PodSpec pod, Container container, String podName) {
        Map<String, String> env = new LinkedHashMap<>();
        if (container.getEnv() != null) {
            for (EnvVar var : container.getEnv()) {
                if (var.getValue() != null && !HARNESS_ENV.contains(var.getName())) {
                    env.put(var.getName(), path(pod, container, podName, var.getValue()));
                }
            }
        }
        return env;
    }

    /** Translates one path (or any string that may be one) seen inside the container. */
    String path(PodSpec pod, Container container, String podName, String value) {
        if (container.getVolumeMounts() == null) {
            return value;
        }
        for (VolumeMount mount : container.getVolumeMounts()) {
            String prefix = mount.getMountPath();
            if (value.equals(prefix) || value.startsWith(prefix + "/")) {
                if (isEmptyDir(pod, mount.getName()) && value.length() > prefix.length() + 1
                        && Files.exists(Path.of(value))) {
                    // The host stands for the image: a file that exists there (say a repository checked out under
                    // /tmp, where runtime pods mount an emptyDir) is the image's file, not the scratch volume's.
                    continue;
                }
                Path local = local(pod, mount.getName(), podName);
                if (local != null) {
                    String rest = value.substring(prefix.length()).replaceFirst("^/", "");
                    return (rest.isEmpty() ? local : local.resolve(rest)).toString();
                }
            }
        }
        return value;
    }

    private static boolean isEmptyDir(PodSpec pod, String volumeName) {
        return pod.getVolumes() != null && pod.getVolumes().stream()
                .anyMatch(v -> v.getName().equals(volumeName) && v.getEmptyDir() != null);
    }

    private Path local(PodSpec pod, String volumeName, String podName) {
        if (pod.getVolumes() == null) {
            return null;
        }
        for (Volume volume : pod.getVolumes()) {
            if (volume.getName().equals(volumeName)) {
                if (volume.getPersistentVolumeClaim() != null) {
                    return claim(volume.getPersistentVolumeClaim().getClaimName());
                }
                if (volume.getEmptyDir() != null) {
                    return podRoot.resolve(podName).resolve(volumeName);
                }
            }
        }
        return null;
    }
}
