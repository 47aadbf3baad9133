package io.batchd.registry.core;

import io.batchd.api.errors.FieldError;
import io.batchd.api.errors.StatusException;
import io.batchd.registry.Registry;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod's {@code /binding} subresource, as upstream's {@code BindingREST}: assigns an unbound pod
 * to the node a {@code v1 Binding} names, copies the binding's annotations onto the pod and sets
 * the {@code PodScheduled} condition. A pod that is bound already, being deleted or still gated
 * cannot be bound (409).
 *
 * <p>Upstream answers an invalid Binding with a 500 carrying the field errors; batchd answers 422
 * Invalid with the same errors, since the client has something to fix.
 */
public final class PodBinding {
  private PodBinding() {}

  /** Binds the pod {@code name} as {@code binding} says. */
  public static void bind(
      Registry<Pod> pods, String namespace, String name, Binding binding, boolean dryRun) {
    String bindingName = binding.getMetadata() == null ? null : binding.getMetadata().getName();
    if (!name.equals(bindingName)) {
      throw StatusException.badRequest("name in URL does not match name in Binding object");
    }
    List<FieldError> errors = validate(binding);
    if (!errors.isEmpty()) {
      throw StatusException.invalid("", "Binding", name, errors);
    }
    String node = binding.getTarget().getName();
    pods.updateBySubresource(
        namespace,
        name,
        emptyToNull(binding.getMetadata().getUid()),
        emptyToNull(binding.getMetadata().getResourceVersion()),
        pod -> assign(pod, node, binding.getMetadata().getAnnotations(), pods.nowTimestamp()),
        dryRun);
  }

  static List<FieldError> validate(Binding binding) {
    List<FieldError> errors = new ArrayList<>();
    ObjectReference target =
        binding.getTarget() == null ? new ObjectReference() : binding.getTarget();
    if (target.getKind() != null
        && !target.getKind().isEmpty()
        && !target.getKind().equals("Node")) {
      errors.add(
          FieldError.notSupported("target.kind", target.getKind(), List.of("Node", "<empty>")));
    }
    if (target.getName() == null || target.getName().isEmpty()) {
      errors.add(FieldError.required("target.name", ""));
    }
    return errors;
  }

  private static Pod assign(Pod pod, String node, Map<String, String> annotations, String now) {
    String name = pod.getMetadata().getName();
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      throw refused(name, "pod " + name + " is being deleted, cannot be assigned to a host");
    }
    String current = pod.getSpec().getNodeName();
    if (current != null && !current.isEmpty()) {
      throw refused(name, "pod " + name + " is already assigned to node \"" + current + "\"");
    }
    if (pod.getSpec().getSchedulingGates() != null
        && !pod.getSpec().getSchedulingGates().isEmpty()) {
      throw refused(name, "pod " + name + " has non-empty .spec.schedulingGates");
    }
    pod.getSpec().setNodeName(node);
    if (annotations != null && !annotations.isEmpty()) {
      Map<String, String> merged =
          pod.getMetadata().getAnnotations() == null
              ? new LinkedHashMap<>()
              : new LinkedHashMap<>(pod.getMetadata().getAnnotations());
      merged.putAll(annotations);
      pod.getMetadata().setAnnotations(merged);
    }
    PodConditions.set(pod, "PodScheduled", "True", null, null, now);
    return pod;
  }

  private static StatusException refused(String name, String why) {
    return StatusException.conflict("", "pods/binding", name, why);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
