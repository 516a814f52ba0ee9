package dev.kinfer.operator.desired;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/**
 * What makes a runtime pod pass the restricted Pod Security Standard: non-root, no privilege escalation, no
 * capabilities, the runtime's default seccomp profile, and a read-only root file system. The runtime writes only
 * to DJL's cache (its own emptyDir) and to /tmp (Vert.x' file cache), so both are emptyDirs. No UID is fixed:
 * the image runs as a numeric non-root user, and platforms that assign UIDs can still do so.
 */
final class PodSecurity {

    static final String TMP_VOLUME = "tmp";
    static final String TMP_PATH = "/tmp";
    static final String TMP_SIZE_LIMIT = "256Mi";

    private PodSecurity() {
    }

    static PodSecurityContext pod() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    static SecurityContext container() {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withAllowPrivilegeEscalation(false)
                .withPrivileged(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    static Volume tmpVolume() {
        return new VolumeBuilder().withName(TMP_VOLUME)
                .withNewEmptyDir().withNewSizeLimit(TMP_SIZE_LIMIT).endEmptyDir()
                .build();
    }

    static VolumeMount tmpMount() {
        return new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath(TMP_PATH).build();
    }
}
