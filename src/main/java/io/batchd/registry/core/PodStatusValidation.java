package io.batchd.registry.core;

import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.DnsNames;
import io.batchd.api.validation.FieldErrors;
import io.batchd.api.validation.FieldPath;
import io.batchd.api.validation.LabelFieldValidation;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The status rules of upstream's {@code ValidatePodStatusUpdate}: custom condition types, the
 * nominated node name, the immutable QoS class, container states that may not leave {@code
 * terminated} under the restart policy, and pod and host IPs.
 */
final class PodStatusValidation {
  private static final Set<String> SYSTEM_CONDITIONS =
      Set.of("PodScheduled", "Ready", "Initialized");

  private PodStatusValidation() {}

  static List<FieldError> validate(Pod pod, Pod old, FieldPath metadata, FieldPath status) {
    List<FieldError> errs = new ArrayList<>();
    PodStatus s = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    PodStatus o = old.getStatus() == null ? new PodStatus() : old.getStatus();
    List<PodCondition> conditions = nonNull(s.getConditions());
    for (int i = 0; i < conditions.size(); i++) {
      String type = conditions.get(i).getType() == null ? "" : conditions.get(i).getType();
      if (!SYSTEM_CONDITIONS.contains(type)) {
        // Upstream reports these under metadata, with a capital Type: kept for exactness.
        errs.addAll(
            LabelFieldValidation.validateQualifiedName(
                type, metadata.child("conditions").index(i).child("Type")));
      }
    }
    String nominated = s.getNominatedNodeName();
    if (nominated != null && !nominated.isEmpty() && !nominated.equals(o.getNominatedNodeName())) {
      for (String msg : DnsNames.nameIsDnsSubdomain(nominated, false)) {
        errs.add(FieldError.invalid(status.child("nominatedNodeName").toString(), nominated, msg));
      }
    }
    errs.addAll(
        FieldErrors.immutable(
            nullToEmpty(s.getQosClass()),
            nullToEmpty(o.getQosClass()),
            nullToEmpty(s.getQosClass()),
            status.child("qosClass")));
    String restartPolicy = old.getSpec().getRestartPolicy();
    errs.addAll(
        stateTransitions(
            s.getContainerStatuses(),
            o.getContainerStatuses(),
            status.child("containerStatuses"),
            restartPolicy,
            Set.of()));
    errs.addAll(
        stateTransitions(
            s.getInitContainerStatuses(),
            o.getInitContainerStatuses(),
            status.child("initContainerStatuses"),
            restartPolicy,
            restartableInitContainers(old)));
    errs.addAll(
        stateTransitions(
            s.getEphemeralContainerStatuses(),
            o.getEphemeralContainerStatuses(),
            status.child("ephemeralContainerStatuses"),
            "Never",
            Set.of()));
    errs.addAll(validatePodIps(s, status.child("podIPs")));
    errs.addAll(validateHostIps(s, status.child("hostIPs")));
    return errs;
  }

  /**
   * Unless the pod restarts its containers, a terminated container stays terminated: with {@code
   * OnFailure} a failed one may restart, and restartable init containers always may.
   */
  private static List<FieldError> stateTransitions(
      List<ContainerStatus> statuses,
      List<ContainerStatus> oldStatuses,
      FieldPath path,
      String restartPolicy,
      Set<String> restartable) {
    List<FieldError> errs = new ArrayList<>();
    if ("Always".equals(restartPolicy)) {
      return errs;
    }
    List<ContainerStatus> old = nonNull(oldStatuses);
    for (int i = 0; i < old.size(); i++) {
      ContainerStatus before = old.get(i);
      if (before.getState() == null || before.getState().getTerminated() == null) {
        continue;
      }
      Integer exitCode = before.getState().getTerminated().getExitCode();
      if (exitCode != null && exitCode != 0 && "OnFailure".equals(restartPolicy)) {
        continue;
      }
      if (restartable.contains(before.getName())) {
        continue;
      }
      for (ContainerStatus now : nonNull(statuses)) {
        if (Objects.equals(before.getName(), now.getName())
            && (now.getState() == null || now.getState().getTerminated() == null)) {
          errs.add(
              FieldError.forbidden(
                  path.index(i).child("state").toString(),
                  "may not be transitioned to non-terminated state"));
        }
      }
    }
    return errs;
  }

  private static Set<String> restartableInitContainers(Pod pod) {
    Set<String> names = new HashSet<>();
    for (Container c : nonNull(pod.getSpec().getInitContainers())) {
      if ("Always".equals(c.getRestartPolicy())) {
        names.add(c.getName());
      }
    }
    return names;
  }

  private static List<FieldError> validatePodIps(PodStatus s, FieldPath path) {
    List<String> ips = new ArrayList<>();
    for (PodIP ip : nonNull(s.getPodIPs())) {
      ips.add(ip.getIp());
    }
    return validateIps(ips, path);
  }

  private static List<FieldError> validateHostIps(PodStatus s, FieldPath path) {
    List<String> ips = new ArrayList<>();
    for (HostIP ip : nonNull(s.getHostIPs())) {
      ips.add(ip.getIp());
    }
    List<FieldError> errs = new ArrayList<>();
    if (!ips.isEmpty() && !Objects.equals(nullToEmpty(s.getHostIP()), nullToEmpty(ips.get(0)))) {
      errs.add(
          FieldError.invalid(
              path.index(0).child("ip").toString(), ips.get(0), "must be equal to `hostIP`"));
    }
    errs.addAll(validateIps(ips, path));
    return errs;
  }

  /** Valid addresses, at most one per family, none twice. */
  private static List<FieldError> validateIps(List<String> ips, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    for (int i = 0; i < ips.size(); i++) {
      errs.addAll(IpAddresses.validate(nullToEmpty(ips.get(i)), path.index(i)));
    }
    if (ips.size() > 1) {
      long v4 = ips.stream().filter(ip -> ip != null && IpAddresses.isIpv4(ip)).count();
      long v6 = ips.stream().filter(ip -> ip != null && IpAddresses.isIpv6(ip)).count();
      if (ips.size() > 2 || v4 != 1 || v6 != 1) {
        errs.add(
            FieldError.invalid(
                path.toString(),
                ips.toString(),
                "may specify no more than one IP for each IP family"));
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < ips.size(); i++) {
        if (!seen.add(ips.get(i))) {
          errs.add(FieldError.duplicate(path.index(i).toString(), ips.get(i)));
        }
      }
    }
    return errs;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
