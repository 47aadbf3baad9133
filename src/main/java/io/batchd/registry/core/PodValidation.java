package io.batchd.registry.core;

import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.DnsNames;
import io.batchd.api.validation.FieldPath;
import io.batchd.api.validation.GoValues;
import io.batchd.api.validation.ObjectMetaValidation;
import io.batchd.api.validation.SemanticEquality;
import io.batchd.api.validation.ValidationMessages;
import io.batchd.registry.core.podspec.PodTemplateValidation;
import io.batchd.registry.core.podspec.TolerationValidation;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Pods as upstream's {@code ValidatePodCreate}, {@code ValidatePodUpdate} and {@code
 * ValidatePodStatusUpdate} check them, with upstream's paths and messages. The pod spec itself is
 * checked by {@link PodTemplateValidation#validateSpec}, shared with Job templates.
 *
 * <p>Not checked (accepted as sent): the seccomp, AppArmor and tolerations annotations, node
 * affinity changes of scheduling-gated pods (only {@code nodeSelector} additions are allowed, as
 * for other pods nothing), and the container resize rules ({@code /resize} is not served).
 */
final class PodValidation {
  static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
  static final String DELETION_COST_ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";
  static final String UPDATABLE_FIELDS =
      "pod updates may not change fields other than `spec.containers[*].image`,"
          + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
          + "`spec.tolerations` (only additions to existing tolerations),"
          + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously"
          + " negative)";

  private static final FieldPath METADATA = FieldPath.of("metadata");
  private static final FieldPath SPEC = FieldPath.of("spec");
  private static final FieldPath STATUS = FieldPath.of("status");

  private PodValidation() {}

  static List<FieldError> validateCreate(Pod pod) {
    List<FieldError> errs = new ArrayList<>(validateMetadataAndSpec(pod));
    PodSpec spec = pod.getSpec();
    if (spec.getEphemeralContainers() != null && !spec.getEphemeralContainers().isEmpty()) {
      errs.add(
          FieldError.forbidden(
              SPEC.child("ephemeralContainers").toString(), "cannot be set on create"));
    }
    if (spec.getNodeName() != null
        && !spec.getNodeName().isEmpty()
        && spec.getSchedulingGates() != null
        && !spec.getSchedulingGates().isEmpty()) {
      errs.add(
          FieldError.forbidden(
              SPEC.child("nodeName").toString(),
              "cannot be set until all schedulingGates have been cleared"));
    }
    return errs;
  }

  /** The metadata and spec rules of create and update (upstream's validatePodMetadataAndSpec). */
  private static List<FieldError> validateMetadataAndSpec(Pod pod) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidation.validateCreate(
                pod.getMetadata(), true, DnsNames::nameIsDnsSubdomain, METADATA));
    errs.addAll(validateAnnotations(pod));
    PodSpec spec = pod.getSpec();
    errs.addAll(PodTemplateValidation.validateSpec(spec, SPEC));
    errs.addAll(validateHostNetworkPorts(spec));
    errs.addAll(validateImagesOnlyForPod(spec.getContainers(), SPEC.child("containers")));
    errs.addAll(validateImagesOnlyForPod(spec.getInitContainers(), SPEC.child("initContainers")));
    return errs;
  }

  private static List<FieldError> validateAnnotations(Pod pod) {
    List<FieldError> errs = new ArrayList<>();
    Map<String, String> annotations = annotations(pod);
    FieldPath path = METADATA.child("annotations");
    if (annotations.containsKey(MIRROR_ANNOTATION)
        && (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty())) {
      errs.add(
          FieldError.invalid(
              path.key(MIRROR_ANNOTATION).toString(),
              annotations.get(MIRROR_ANNOTATION),
              "must set spec.nodeName if mirror pod annotation is set"));
    }
    String cost = annotations.get(DELETION_COST_ANNOTATION);
    if (cost != null) {
      try {
        Integer.parseInt(cost);
      } catch (NumberFormatException e) {
        errs.add(
            FieldError.invalid(
                path.key(DELETION_COST_ANNOTATION).toString(), cost, "must be a 32bit integer"));
      }
    }
    return errs;
  }

  /** With host networking a pod's ports are the host's: each hostPort must be its port. */
  private static List<FieldError> validateHostNetworkPorts(PodSpec spec) {
    List<FieldError> errs = new ArrayList<>();
    if (!Boolean.TRUE.equals(spec.getHostNetwork())) {
      return errs;
    }
    List<Container> containers = nonNull(spec.getContainers());
    for (int i = 0; i < containers.size(); i++) {
      List<ContainerPort> ports = nonNull(containers.get(i).getPorts());
      for (int j = 0; j < ports.size(); j++) {
        ContainerPort port = ports.get(j);
        int hostPort = port.getHostPort() == null ? 0 : port.getHostPort();
        int containerPort = port.getContainerPort() == null ? 0 : port.getContainerPort();
        if (hostPort != containerPort) {
          errs.add(
              FieldError.invalid(
                  SPEC.child("containers")
                      .index(i)
                      .child("ports")
                      .index(j)
                      .child("hostPort")
                      .toString(),
                  hostPort,
                  "must match `containerPort` when `hostNetwork` is true"));
        }
      }
    }
    return errs;
  }

  private static List<FieldError> validateImagesOnlyForPod(
      List<Container> containers, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    List<Container> list = nonNull(containers);
    for (int i = 0; i < list.size(); i++) {
      String image = list.get(i).getImage();
      if (image != null && !image.equals(image.strip())) {
        errs.add(
            FieldError.invalid(
                path.index(i).child("image").toString(),
                image,
                "must not have leading or trailing whitespace"));
      }
    }
    return errs;
  }

  static List<FieldError> validateUpdate(Pod pod, Pod old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidation.validateUpdate(pod.getMetadata(), old.getMetadata(), METADATA));
    errs.addAll(validateMetadataAndSpec(pod));
    errs.addAll(validateAnnotationUpdates(pod, old));
    PodSpec spec = pod.getSpec();
    PodSpec oldSpec = old.getSpec();
    if (!containerCountsKept(spec.getContainers(), oldSpec.getContainers(), "containers", errs)
        || !containerCountsKept(
            spec.getInitContainers(), oldSpec.getInitContainers(), "initContainers", errs)) {
      return errs;
    }
    if (!validateActiveDeadlineUpdate(spec, oldSpec, errs)) {
      return errs;
    }
    errs.addAll(validateOnlyAddedTolerations(spec.getTolerations(), oldSpec.getTolerations()));
    errs.addAll(
        validateOnlyDeletedSchedulingGates(
            spec.getSchedulingGates(), oldSpec.getSchedulingGates()));
    if (SemanticEquality.equal(spec, oldSpec)) {
      return errs;
    }
    PodSpec munged = withUpdatableFieldsOf(oldSpec, spec);
    boolean gated = oldSpec.getSchedulingGates() != null && !oldSpec.getSchedulingGates().isEmpty();
    if (gated && !SemanticEquality.equal(munged.getNodeSelector(), oldSpec.getNodeSelector())) {
      errs.addAll(
          validateNodeSelectorAdditions(munged.getNodeSelector(), oldSpec.getNodeSelector()));
      munged.setNodeSelector(oldSpec.getNodeSelector());
    }
    if (!SemanticEquality.equal(munged, oldSpec)) {
      errs.add(
          FieldError.forbidden(
              SPEC.toString(), UPDATABLE_FIELDS + "\n" + SpecDiff.between(oldSpec, munged)));
    }
    return errs;
  }

  /**
   * A copy of {@code spec} with what a pod update may change set back to {@code oldSpec}'s values,
   * so that any other difference shows.
   */
  private static PodSpec withUpdatableFieldsOf(PodSpec oldSpec, PodSpec spec) {
    PodSpec munged = io.batchd.api.codec.Codecs.JSON.convertValue(spec, PodSpec.class);
    List<Container> containers = nonNull(munged.getContainers());
    for (int i = 0; i < containers.size(); i++) {
      containers.get(i).setImage(oldSpec.getContainers().get(i).getImage());
    }
    List<Container> initContainers = nonNull(munged.getInitContainers());
    for (int i = 0; i < initContainers.size(); i++) {
      initContainers.get(i).setImage(oldSpec.getInitContainers().get(i).getImage());
    }
    munged.setActiveDeadlineSeconds(oldSpec.getActiveDeadlineSeconds());
    munged.setSchedulingGates(oldSpec.getSchedulingGates());
    munged.setTolerations(oldSpec.getTolerations());
    Long oldGrace = oldSpec.getTerminationGracePeriodSeconds();
    if (oldGrace != null
        && oldGrace < 0
        && Objects.equals(munged.getTerminationGracePeriodSeconds(), 1L)) {
      munged.setTerminationGracePeriodSeconds(oldGrace);
    }
    return munged;
  }

  private static boolean containerCountsKept(
      List<Container> containers, List<Container> old, String field, List<FieldError> errs) {
    FieldPath path = SPEC.child(field);
    List<Container> list = nonNull(containers);
    if (list.size() != nonNull(old).size()) {
      errs.add(
          FieldError.forbidden(path.toString(), "pod updates may not add or remove containers"));
      return false;
    }
    for (int i = 0; i < list.size(); i++) {
      String image = list.get(i).getImage();
      if (image == null || image.isEmpty()) {
        errs.add(FieldError.required(path.index(i).child("image").toString(), ""));
      } else if (!image.equals(image.strip())) {
        errs.add(
            FieldError.invalid(
                path.index(i).child("image").toString(),
                image,
                "must not have leading or trailing whitespace"));
      }
    }
    return true;
  }

  /**
   * A deadline may be set where there was none, or lowered; never raised or removed. Returns false
   * when upstream stops validating.
   */
  private static boolean validateActiveDeadlineUpdate(
      PodSpec spec, PodSpec oldSpec, List<FieldError> errs) {
    String path = SPEC.child("activeDeadlineSeconds").toString();
    Long value = spec.getActiveDeadlineSeconds();
    Long oldValue = oldSpec.getActiveDeadlineSeconds();
    if (value != null) {
      if (value < 0 || value > Integer.MAX_VALUE) {
        errs.add(
            FieldError.invalid(
                path, value, ValidationMessages.inclusiveRange(0, Integer.MAX_VALUE)));
        return false;
      }
      if (oldValue != null && oldValue < value) {
        errs.add(FieldError.invalid(path, value, "must be less than or equal to previous value"));
        return false;
      }
    } else if (oldValue != null) {
      errs.add(
          FieldError.invalid(path, null, "must not update from a positive integer to nil value"));
    }
    return true;
  }

  private static List<FieldError> validateOnlyAddedTolerations(
      List<Toleration> tolerations, List<Toleration> oldTolerations) {
    FieldPath path = SPEC.child("tolerations");
    List<Toleration> current = nonNull(tolerations);
    for (Toleration old : nonNull(oldTolerations)) {
      boolean kept = false;
      for (Toleration t : current) {
        // The seconds of an existing toleration may change; nothing else of it.
        if (Objects.equals(old.getKey(), t.getKey())
            && Objects.equals(old.getOperator(), t.getOperator())
            && Objects.equals(old.getValue(), t.getValue())
            && Objects.equals(old.getEffect(), t.getEffect())) {
          kept = true;
          break;
        }
      }
      if (!kept) {
        return List.of(
            FieldError.forbidden(
                path.toString(),
                "existing toleration can not be modified except its tolerationSeconds"));
      }
    }
    return TolerationValidation.validate(current, path);
  }

  private static List<FieldError> validateOnlyDeletedSchedulingGates(
      List<PodSchedulingGate> gates, List<PodSchedulingGate> oldGates) {
    List<FieldError> errs = new ArrayList<>();
    List<String> old = nonNull(oldGates).stream().map(PodSchedulingGate::getName).toList();
    List<PodSchedulingGate> current = nonNull(gates);
    for (int i = 0; i < current.size(); i++) {
      String name = current.get(i).getName();
      if (!old.contains(name)) {
        errs.add(
            FieldError.forbidden(
                SPEC.child("schedulingGates").index(i).child("name").toString(),
                "only deletion is allowed, but found new scheduling gate '" + name + "'"));
      }
    }
    return errs;
  }

  private static List<FieldError> validateNodeSelectorAdditions(
      Map<String, String> selector, Map<String, String> oldSelector) {
    Map<String, String> current = selector == null ? Map.of() : selector;
    for (Map.Entry<String, String> e :
        (oldSelector == null ? Map.<String, String>of() : oldSelector).entrySet()) {
      if (!e.getValue().equals(current.get(e.getKey()))) {
        return List.of(
            FieldError.invalid(
                SPEC.child("nodeSelector").toString(),
                GoValues.stringMap(current),
                "only additions to spec.nodeSelector are allowed (no mutations or deletions)"));
      }
    }
    return List.of();
  }

  private static List<FieldError> validateAnnotationUpdates(Pod pod, Pod old) {
    Map<String, String> annotations = annotations(pod);
    Map<String, String> oldAnnotations = annotations(old);
    FieldPath path = METADATA.child("annotations").key(MIRROR_ANNOTATION);
    if (oldAnnotations.containsKey(MIRROR_ANNOTATION)
        && !Objects.equals(
            oldAnnotations.get(MIRROR_ANNOTATION), annotations.get(MIRROR_ANNOTATION))) {
      return List.of(
          FieldError.forbidden(path.toString(), "may not remove or update mirror pod annotation"));
    }
    if (!oldAnnotations.containsKey(MIRROR_ANNOTATION)
        && annotations.containsKey(MIRROR_ANNOTATION)) {
      return List.of(FieldError.forbidden(path.toString(), "may not add mirror pod annotation"));
    }
    return List.of();
  }

  static List<FieldError> validateStatusUpdate(Pod pod, Pod old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidation.validateUpdate(pod.getMetadata(), old.getMetadata(), METADATA));
    errs.addAll(validateAnnotationUpdates(pod, old));
    errs.addAll(PodStatusValidation.validate(pod, old, METADATA, STATUS));
    return errs;
  }

  private static Map<String, String> annotations(Pod pod) {
    Map<String, String> a = pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
    return a == null ? new LinkedHashMap<>() : a;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
