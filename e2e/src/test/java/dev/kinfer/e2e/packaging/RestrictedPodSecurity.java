package dev.kinfer.e2e.packaging;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The checks of the "restricted" Pod Security Standard (which include "baseline"), as the Pod Security admission
 * controller applies them to a pod spec (https://kubernetes.io/docs/concepts/security/pod-security-standards/),
 * plus kinfer's own bar: a read-only root file system. {@link #violations} names every failed check with the field
 * to fix, so one test shows everything wrong at once. Used for the chart's operator pod and the runtime pod the
 * operator builds.
 */
final class RestrictedPodSecurity {

    private static final Set<String> RESTRICTED_VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");

    private RestrictedPodSecurity() {
    }

    static List<String> violations(PodSpec pod) {
        List<String> problems = new ArrayList<>();
        PodSecurityContext podContext = pod.getSecurityContext() != null ? pod.getSecurityContext()
                : new PodSecurityContext();
        // baseline
        check(problems, !Boolean.TRUE.equals(pod.getHostNetwork()), "spec.hostNetwork must not be true");
        check(problems, !Boolean.TRUE.equals(pod.getHostPID()), "spec.hostPID must not be true");
        check(problems, !Boolean.TRUE.equals(pod.getHostIPC()), "spec.hostIPC must not be true");
        if (podContext.getSysctls() != null) {
            podContext.getSysctls().stream().filter(s -> !SAFE_SYSCTLS.contains(s.getName())).forEach(
                    s -> problems.add("spec.securityContext.sysctls " + s.getName() + " is not a safe sysctl"));
        }
        checkSeLinux(problems, "spec.securityContext", podContext.getSeLinuxOptions() == null ? null
                : podContext.getSeLinuxOptions().getType(), podContext.getSeLinuxOptions() != null
                && (podContext.getSeLinuxOptions().getUser() != null || podContext.getSeLinuxOptions().getRole() != null));
        // restricted: volumes
        for (Volume volume : nullSafe(pod.getVolumes())) {
            String type = volumeType(volume);
            check(problems, RESTRICTED_VOLUME_TYPES.contains(type),
                    "spec.volumes[" + volume.getName() + "] is a " + type + " volume; allowed: " + RESTRICTED_VOLUME_TYPES);
        }
        // restricted: pod-level defaults that containers may inherit
        boolean podNonRoot = Boolean.TRUE.equals(podContext.getRunAsNonRoot());
        check(problems, !Long.valueOf(0).equals(podContext.getRunAsUser()), "spec.securityContext.runAsUser must not be 0");
        String podSeccomp = seccompType(podContext.getSeccompProfile());
        check(problems, podSeccomp == null || !podSeccomp.equals("Unconfined"),
                "spec.securityContext.seccompProfile.type must not be Unconfined");

        List<Container> containers = Stream.concat(nullSafe(pod.getInitContainers()).stream(),
                nullSafe(pod.getContainers()).stream()).toList();
        for (Container container : containers) {
            String at = "container " + container.getName() + " securityContext";
            SecurityContext sc = container.getSecurityContext() != null ? container.getSecurityContext()
                    : new SecurityContext();
            check(problems, !Boolean.TRUE.equals(sc.getPrivileged()), at + ".privileged must not be true");
            check(problems, sc.getProcMount() == null || sc.getProcMount().equals("Default"),
                    at + ".procMount must be Default");
            for (ContainerPort port : nullSafe(container.getPorts())) {
                check(problems, port.getHostPort() == null || port.getHostPort() == 0,
                        "container " + container.getName() + " must not use hostPort " + port.getHostPort());
            }
            checkSeLinux(problems, at, sc.getSeLinuxOptions() == null ? null : sc.getSeLinuxOptions().getType(),
                    sc.getSeLinuxOptions() != null
                            && (sc.getSeLinuxOptions().getUser() != null || sc.getSeLinuxOptions().getRole() != null));
            check(problems, Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation()),
                    at + ".allowPrivilegeEscalation must be false");
            boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : podNonRoot;
            check(problems, nonRoot, at + ".runAsNonRoot (or the pod's) must be true");
            check(problems, !Long.valueOf(0).equals(sc.getRunAsUser()), at + ".runAsUser must not be 0");
            String seccomp = sc.getSeccompProfile() != null ? seccompType(sc.getSeccompProfile()) : podSeccomp;
            check(problems, "RuntimeDefault".equals(seccomp) || "Localhost".equals(seccomp),
                    at + ".seccompProfile.type (or the pod's) must be RuntimeDefault or Localhost");
            Capabilities caps = sc.getCapabilities() != null ? sc.getCapabilities() : new Capabilities();
            check(problems, nullSafe(caps.getDrop()).contains("ALL"), at + ".capabilities.drop must include ALL");
            for (String added : nullSafe(caps.getAdd())) {
                check(problems, added.equals("NET_BIND_SERVICE"),
                        at + ".capabilities.add may only hold NET_BIND_SERVICE, not " + added);
            }
            // kinfer's own bar beyond the standard
            check(problems, Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem()),
                    at + ".readOnlyRootFilesystem must be true (kinfer's own rule; mount an emptyDir where it writes)");
        }
        return problems;
    }

    private static void checkSeLinux(List<String> problems, String at, String type, boolean userOrRole) {
        check(problems, type == null || Set.of("container_t", "container_init_t", "container_kvm_t",
                "container_engine_t").contains(type), at + ".seLinuxOptions.type " + type + " is not allowed");
        check(problems, !userOrRole, at + ".seLinuxOptions must not set user or role");
    }

    private static String seccompType(SeccompProfile profile) {
        return profile == null ? null : profile.getType();
    }

    private static String volumeType(Volume v) {
        if (v.getConfigMap() != null) return "configMap";
        if (v.getCsi() != null) return "csi";
        if (v.getDownwardAPI() != null) return "downwardAPI";
        if (v.getEmptyDir() != null) return "emptyDir";
        if (v.getEphemeral() != null) return "ephemeral";
        if (v.getPersistentVolumeClaim() != null) return "persistentVolumeClaim";
        if (v.getProjected() != null) return "projected";
        if (v.getSecret() != null) return "secret";
        if (v.getHostPath() != null) return "hostPath";
        return "other";
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }
}
