package io.batchd.registry.core;

import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.DnsNames;
import io.batchd.registry.ResourceType;
import io.batchd.registry.Strategy;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of core/v1 Pods, as upstream's pod strategy, status strategy and the default admission
 * plugins hold them: defaults, create/update/status validation, spec/status separation, field
 * selectors, and graceful deletion.
 */
public final class PodStrategy implements Strategy<Pod> {
  public static final ResourceType<Pod> PODS =
      new ResourceType<>(
          "",
          "v1",
          "pods",
          "pod",
          "Pod",
          true,
          List.of("po"),
          List.of("all"),
          List.of("status", "binding", "eviction", "log"),
          Pod.class);

  private static final Set<String> SELECTABLE =
      Set.of(
          "spec.nodeName",
          "spec.restartPolicy",
          "spec.schedulerName",
          "spec.serviceAccountName",
          "spec.hostNetwork",
          "status.phase",
          "status.podIP",
          "status.nominatedNodeName");

  @Override
  public void applyDefaults(Pod pod) {
    PodDefaults.apply(pod);
  }

  @Override
  public void prepareForCreate(Pod pod) {
    PodAdmissionDefaults.apply(pod);
    PodStatus status = new PodStatus();
    status.setPhase("Pending");
    status.setQosClass(PodQosClass.of(pod));
    if (pod.getSpec().getSchedulingGates() != null
        && !pod.getSpec().getSchedulingGates().isEmpty()) {
      PodCondition gated = new PodCondition();
      gated.setType("PodScheduled");
      gated.setStatus("False");
      gated.setReason("SchedulingGated");
      gated.setMessage("Scheduling is blocked due to non-empty scheduling gates");
      status.setConditions(new ArrayList<>(List.of(gated)));
    }
    pod.setStatus(status);
  }

  @Override
  public List<FieldError> validateCreate(Pod pod) {
    return PodValidation.validateCreate(pod);
  }

  @Override
  public List<String> warningsOnCreate(Pod pod) {
    List<String> messages = DnsNames.isDns1123Label(pod.getMetadata().getName());
    if (messages.isEmpty()) {
      return List.of();
    }
    return List.of(
        "metadata.name: this is used in the Pod's hostname, which can result in surprising"
            + " behavior; a DNS label is recommended: ["
            + String.join(" ", messages)
            + "]");
  }

  @Override
  public void prepareForUpdate(Pod pod, Pod old) {
    pod.setStatus(old.getStatus());
  }

  @Override
  public List<FieldError> validateUpdate(Pod pod, Pod old) {
    return PodValidation.validateUpdate(pod, old);
  }

  @Override
  public void prepareForStatusUpdate(Pod pod, Pod old) {
    pod.setSpec(old.getSpec());
    // Old kubelets corrupted owner references through /status; upstream keeps the stored ones.
    pod.getMetadata().setOwnerReferences(old.getMetadata().getOwnerReferences());
    if (pod.getStatus() == null) {
      pod.setStatus(new PodStatus());
    }
    String qos = pod.getStatus().getQosClass();
    if ((qos == null || qos.isEmpty()) && old.getStatus() != null) {
      pod.getStatus().setQosClass(old.getStatus().getQosClass());
    }
  }

  @Override
  public List<FieldError> validateStatusUpdate(Pod pod, Pod old) {
    return PodValidation.validateStatusUpdate(pod, old);
  }

  @Override
  public Set<String> selectableFieldNames() {
    return SELECTABLE;
  }

  @Override
  public Map<String, String> selectableFields(Pod pod) {
    Map<String, String> fields = new HashMap<>();
    var spec = pod.getSpec();
    var status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    fields.put("spec.nodeName", nullToEmpty(spec.getNodeName()));
    fields.put("spec.restartPolicy", nullToEmpty(spec.getRestartPolicy()));
    fields.put("spec.schedulerName", nullToEmpty(spec.getSchedulerName()));
    fields.put("spec.serviceAccountName", nullToEmpty(spec.getServiceAccountName()));
    fields.put("spec.hostNetwork", Boolean.toString(Boolean.TRUE.equals(spec.getHostNetwork())));
    fields.put("status.phase", nullToEmpty(status.getPhase()));
    fields.put(
        "status.podIP",
        status.getPodIPs() == null || status.getPodIPs().isEmpty()
            ? ""
            : nullToEmpty(status.getPodIPs().get(0).getIp()));
    fields.put("status.nominatedNodeName", nullToEmpty(status.getNominatedNodeName()));
    return fields;
  }

  /**
   * Upstream's {@code CheckGracefulDelete}: the requested period, else the pod's {@code
   * terminationGracePeriodSeconds}; 0 for a pod not bound to a node or already terminal, since no
   * agent has anything to stop.
   */
  @Override
  public Long deletionGracePeriod(Pod pod, Long requested) {
    long period = 0;
    if (requested != null) {
      period = requested;
    } else if (pod.getSpec().getTerminationGracePeriodSeconds() != null) {
      period = pod.getSpec().getTerminationGracePeriodSeconds();
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (pod.getSpec().getNodeName() == null
        || pod.getSpec().getNodeName().isEmpty()
        || "Succeeded".equals(phase)
        || "Failed".equals(phase)) {
      period = 0;
    }
    return period < 0 ? 1 : period;
  }

  @Override
  public boolean returnsDeletedObject() {
    return true;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
