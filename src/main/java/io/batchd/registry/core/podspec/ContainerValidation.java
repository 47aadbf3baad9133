package io.batchd.registry.core.podspec;

import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.DnsNames;
import io.batchd.api.validation.FieldPath;
import io.batchd.api.validation.GoValue;
import io.batchd.api.validation.GoValues;
import io.batchd.api.validation.Ports;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerResizePolicy;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Containers and init containers of a pod template (upstream's {@code validateContainers}, {@code
 * validateInitContainers} and {@code validateContainerCommon}): at least one container; names
 * required, DNS labels, unique across both lists; image required; termination message and pull
 * policies; ports; env; volume mounts naming defined volumes at unique paths; resources; user and
 * group ids; {@code restartPolicy} only on init containers (and only {@code Always}); lifecycle and
 * probes only where they can run.
 *
 * <p>Not checked: probe and lifecycle-handler contents, volume devices, resize policies of regular
 * containers, capabilities, seccomp/AppArmor/SELinux options, and host port conflicts.
 */
final class ContainerValidation {
  private static final List<String> TERMINATION_MESSAGE_POLICIES =
      List.of("File", "FallbackToLogsOnError");
  private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
  private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
  private static final String NOT_WITHOUT_RESTART_ALWAYS =
      "may not be set for init containers without restartPolicy=Always";

  private ContainerValidation() {}

  static List<FieldError> validateContainers(
      List<Container> containers, Set<String> volumes, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (containers.isEmpty()) {
      errs.add(FieldError.required(path.toString(), ""));
      return errs;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      FieldPath idx = path.index(i);
      errs.addAll(validateCommon(c, volumes, idx));
      if (!names.add(c.getName())) {
        errs.add(FieldError.duplicate(idx.child("name").toString(), c.getName()));
      }
      if (c.getRestartPolicy() != null) {
        errs.add(
            FieldError.forbidden(
                idx.child("restartPolicy").toString(), "may not be set for non-init containers"));
      }
    }
    return errs;
  }

  static List<FieldError> validateInitContainers(
      List<Container> inits, List<Container> regular, Set<String> volumes, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    regular.forEach(c -> names.add(c.getName()));
    for (int i = 0; i < inits.size(); i++) {
      Container c = inits.get(i);
      FieldPath idx = path.index(i);
      errs.addAll(validateCommon(c, volumes, idx));
      boolean restartAlways = false;
      if (c.getRestartPolicy() != null) {
        if (!c.getRestartPolicy().equals("Always")) {
          errs.add(
              FieldError.notSupported(
                  idx.child("restartPolicy").toString(), c.getRestartPolicy(), List.of("Always")));
        }
        restartAlways = c.getRestartPolicy().equals("Always");
      }
      String name = c.getName() == null ? "" : c.getName();
      if (names.contains(name)) {
        errs.add(FieldError.duplicate(idx.child("name").toString(), name));
      } else if (!name.isEmpty()) {
        names.add(name);
      }
      // A sidecar (restartPolicy Always) runs alongside the containers; plain init containers
      // run to completion first, so hooks and probes would never fire.
      if (!restartAlways) {
        if (c.getLifecycle() != null) {
          errs.add(
              FieldError.forbidden(idx.child("lifecycle").toString(), NOT_WITHOUT_RESTART_ALWAYS));
        }
        if (c.getLivenessProbe() != null) {
          errs.add(
              FieldError.forbidden(
                  idx.child("livenessProbe").toString(), NOT_WITHOUT_RESTART_ALWAYS));
        }
        if (c.getReadinessProbe() != null) {
          errs.add(
              FieldError.forbidden(
                  idx.child("readinessProbe").toString(), NOT_WITHOUT_RESTART_ALWAYS));
        }
        if (c.getStartupProbe() != null) {
          errs.add(
              FieldError.forbidden(
                  idx.child("startupProbe").toString(), NOT_WITHOUT_RESTART_ALWAYS));
        }
      }
      if (c.getResizePolicy() != null && !c.getResizePolicy().isEmpty()) {
        errs.add(
            FieldError.invalid(
                idx.child("resizePolicy").toString(),
                resizePolicies(c.getResizePolicy()),
                "must not be set for init containers"));
      }
    }
    return errs;
  }

  private static List<FieldError> validateCommon(Container c, Set<String> volumes, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    FieldPath namePath = path.child("name");
    String name = c.getName() == null ? "" : c.getName();
    if (name.isEmpty()) {
      errs.add(FieldError.required(namePath.toString(), ""));
    } else {
      for (String msg : DnsNames.isDns1123Label(name)) {
        errs.add(FieldError.invalid(namePath.toString(), name, msg));
      }
    }
    // Upstream checks only for emptiness: " " is a special token for some users.
    if (c.getImage() == null || c.getImage().isEmpty()) {
      errs.add(FieldError.required(path.child("image").toString(), ""));
    }
    errs.addAll(
        enumValue(
            c.getTerminationMessagePolicy(),
            TERMINATION_MESSAGE_POLICIES,
            path.child("terminationMessagePolicy")));
    errs.addAll(validatePorts(nonNull(c.getPorts()), path.child("ports")));
    errs.addAll(ContainerEnvValidation.validateEnv(nonNull(c.getEnv()), path.child("env")));
    errs.addAll(
        ContainerEnvValidation.validateEnvFrom(nonNull(c.getEnvFrom()), path.child("envFrom")));
    errs.addAll(validateMounts(nonNull(c.getVolumeMounts()), volumes, path.child("volumeMounts")));
    errs.addAll(enumValue(c.getImagePullPolicy(), PULL_POLICIES, path.child("imagePullPolicy")));
    errs.addAll(ResourceRequirementsValidation.validate(c.getResources(), path.child("resources")));
    errs.addAll(validateSecurityContext(c.getSecurityContext(), path.child("securityContext")));
    return errs;
  }

  // Go's %#v of the list; its structs hold only strings, so the rendering is exact.
  private static GoValue resizePolicies(List<ContainerResizePolicy> policies) {
    return new GoValue(
        policies.stream()
            .map(
                p ->
                    "core.ContainerResizePolicy{ResourceName:"
                        + GoValues.quote(p.getResourceName() == null ? "" : p.getResourceName())
                        + ", RestartPolicy:"
                        + GoValues.quote(p.getRestartPolicy() == null ? "" : p.getRestartPolicy())
                        + "}")
            .collect(Collectors.joining(", ", "[]core.ContainerResizePolicy{", "}")));
  }

  // Required when empty, NotSupported when unknown: the shape of every enum field upstream checks.
  private static List<FieldError> enumValue(String value, List<String> supported, FieldPath path) {
    if (value == null || value.isEmpty()) {
      return List.of(FieldError.required(path.toString(), ""));
    }
    if (!supported.contains(value)) {
      return List.of(FieldError.notSupported(path.toString(), value, supported));
    }
    return List.of();
  }

  private static List<FieldError> validatePorts(List<ContainerPort> ports, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      ContainerPort port = ports.get(i);
      FieldPath idx = path.index(i);
      String name = port.getName() == null ? "" : port.getName();
      if (!name.isEmpty()) {
        List<String> msgs = Ports.isValidPortName(name);
        if (!msgs.isEmpty()) {
          msgs.forEach(m -> errs.add(FieldError.invalid(idx.child("name").toString(), name, m)));
        } else if (!names.add(name)) {
          errs.add(FieldError.duplicate(idx.child("name").toString(), name));
        }
      }
      int containerPort = port.getContainerPort() == null ? 0 : port.getContainerPort();
      if (containerPort == 0) {
        errs.add(FieldError.required(idx.child("containerPort").toString(), ""));
      } else {
        for (String msg : Ports.isValidPortNum(containerPort)) {
          errs.add(FieldError.invalid(idx.child("containerPort").toString(), containerPort, msg));
        }
      }
      int hostPort = port.getHostPort() == null ? 0 : port.getHostPort();
      if (hostPort != 0) {
        for (String msg : Ports.isValidPortNum(hostPort)) {
          errs.add(FieldError.invalid(idx.child("hostPort").toString(), hostPort, msg));
        }
      }
      errs.addAll(enumValue(port.getProtocol(), PROTOCOLS, idx.child("protocol")));
    }
    return errs;
  }

  private static List<FieldError> validateMounts(
      List<VolumeMount> mounts, Set<String> volumes, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> mountPoints = new HashSet<>();
    for (int i = 0; i < mounts.size(); i++) {
      VolumeMount m = mounts.get(i);
      FieldPath idx = path.index(i);
      String name = m.getName() == null ? "" : m.getName();
      String mountPath = m.getMountPath() == null ? "" : m.getMountPath();
      if (name.isEmpty()) {
        errs.add(FieldError.required(idx.child("name").toString(), ""));
      }
      if (!volumes.contains(name)) {
        errs.add(FieldError.notFound(idx.child("name").toString(), name));
      }
      if (mountPath.isEmpty()) {
        errs.add(FieldError.required(idx.child("mountPath").toString(), ""));
      }
      if (!mountPoints.add(mountPath)) {
        errs.add(
            FieldError.invalid(idx.child("mountPath").toString(), mountPath, "must be unique"));
      }
      String subPath = m.getSubPath() == null ? "" : m.getSubPath();
      String subPathExpr = m.getSubPathExpr() == null ? "" : m.getSubPathExpr();
      if (!subPathExpr.isEmpty() && !subPath.isEmpty()) {
        errs.add(
            FieldError.invalid(
                idx.child("subPathExpr").toString(),
                subPathExpr,
                "subPathExpr and subPath are mutually exclusive"));
      }
    }
    return errs;
  }

  private static List<FieldError> validateSecurityContext(SecurityContext sc, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (sc == null) {
      return errs;
    }
    errs.addAll(PodTemplateValidation.idRange(sc.getRunAsUser(), path.child("runAsUser")));
    errs.addAll(PodTemplateValidation.idRange(sc.getRunAsGroup(), path.child("runAsGroup")));
    return errs;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
