package io.batchd.registry.core.podspec;

import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.DnsNames;
import io.batchd.api.validation.FieldPath;
import io.batchd.api.validation.LabelFieldValidation;
import io.batchd.api.validation.ObjectMetaValidation;
import io.batchd.api.validation.ValidationMessages;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A pod template, as upstream's {@code ValidatePodTemplateSpec} checks it for a Job.
 *
 * <p>Covered:
 *
 * <ul>
 *   <li>template labels and annotations (reported at {@code spec.template.labels} and {@code
 *       spec.template.annotations}, upstream's paths);
 *   <li>{@code terminationGracePeriodSeconds} required; {@code restartPolicy} and {@code dnsPolicy}
 *       required and known; {@code activeDeadlineSeconds} from 1 to 2147483647;
 *   <li>volumes ({@link VolumeValidation}); containers and init containers ({@link
 *       ContainerValidation}: names, images, policies, ports, env ({@link ContainerEnvValidation}),
 *       volume mounts, resources ({@link ResourceRequirementsValidation}), user and group ids);
 *   <li>{@code nodeSelector} labels, tolerations ({@link TolerationValidation}), scheduling gates;
 *   <li>pod security context user, group, fsGroup and supplemental group ids;
 *   <li>{@code hostname}, {@code subdomain} (DNS labels), {@code serviceAccountName}, {@code
 *       nodeName}, {@code priorityClassName} (DNS subdomains), {@code preemptionPolicy};
 *   <li>ephemeral containers forbidden in a template.
 * </ul>
 *
 * <p>Not covered (accepted as sent): pod-specific annotations (deletion cost, seccomp, AppArmor),
 * affinity and topology spread constraints, DNS config, host aliases, readiness gates, image pull
 * secrets, resource claims, pod-level resources and overhead, OS-specific fields (Windows/Linux
 * options), sysctls, host-network port rules, probe and lifecycle-handler contents, volume devices,
 * and the per-source rules of volume types batchd cannot mount.
 */
public final class PodTemplateValidation {
  private static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
  private static final List<String> DNS_POLICIES =
      List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
  private static final List<String> PREEMPTION_POLICIES = List.of("PreemptLowerPriority", "Never");

  private PodTemplateValidation() {}

  /** Errors in {@code template}, with paths under {@code path} (e.g. {@code spec.template}). */
  public static List<FieldError> validate(PodTemplateSpec template, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    errs.addAll(LabelFieldValidation.validateLabels(meta.getLabels(), path.child("labels")));
    errs.addAll(
        ObjectMetaValidation.validateAnnotations(meta.getAnnotations(), path.child("annotations")));
    PodSpec spec = template.getSpec() == null ? new PodSpec() : template.getSpec();
    errs.addAll(validateSpec(spec, path.child("spec")));
    if (spec.getEphemeralContainers() != null && !spec.getEphemeralContainers().isEmpty()) {
      errs.add(
          FieldError.forbidden(
              path.child("spec", "ephemeralContainers").toString(),
              "ephemeral containers not allowed in pod template"));
    }
    return errs;
  }

  /** Errors in a pod spec on its own, with paths under {@code path} (e.g. {@code spec}). */
  public static List<FieldError> validateSpec(PodSpec spec, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (spec.getTerminationGracePeriodSeconds() == null) {
      errs.add(FieldError.required(path.child("terminationGracePeriodSeconds").toString(), ""));
    }
    VolumeValidation.Result volumes =
        VolumeValidation.validate(nonNull(spec.getVolumes()), path.child("volumes"));
    errs.addAll(volumes.errors());
    errs.addAll(
        ContainerValidation.validateContainers(
            nonNull(spec.getContainers()), volumes.validNames(), path.child("containers")));
    errs.addAll(
        ContainerValidation.validateInitContainers(
            nonNull(spec.getInitContainers()),
            nonNull(spec.getContainers()),
            volumes.validNames(),
            path.child("initContainers")));
    errs.addAll(enumValue(spec.getRestartPolicy(), RESTART_POLICIES, path.child("restartPolicy")));
    errs.addAll(enumValue(spec.getDnsPolicy(), DNS_POLICIES, path.child("dnsPolicy")));
    errs.addAll(
        LabelFieldValidation.validateLabels(spec.getNodeSelector(), path.child("nodeSelector")));
    errs.addAll(validateSecurityContext(spec.getSecurityContext(), path.child("securityContext")));
    errs.addAll(
        validateSchedulingGates(nonNull(spec.getSchedulingGates()), path.child("schedulingGates")));
    errs.addAll(
        name(
            spec.getServiceAccountName(),
            DnsNames::nameIsDnsSubdomain,
            path.child("serviceAccountName")));
    errs.addAll(name(spec.getNodeName(), DnsNames::nameIsDnsSubdomain, path.child("nodeName")));
    if (spec.getActiveDeadlineSeconds() != null) {
      long value = spec.getActiveDeadlineSeconds();
      if (value < 1 || value > Integer.MAX_VALUE) {
        errs.add(
            FieldError.invalid(
                path.child("activeDeadlineSeconds").toString(),
                value,
                ValidationMessages.inclusiveRange(1, Integer.MAX_VALUE)));
      }
    }
    errs.addAll(label(spec.getHostname(), path.child("hostname")));
    errs.addAll(label(spec.getSubdomain(), path.child("subdomain")));
    errs.addAll(
        TolerationValidation.validate(nonNull(spec.getTolerations()), path.child("tolerations")));
    errs.addAll(
        name(
            spec.getPriorityClassName(),
            DnsNames::nameIsDnsSubdomain,
            path.child("priorityClassName")));
    if (spec.getPreemptionPolicy() != null) {
      errs.addAll(
          enumValue(
              spec.getPreemptionPolicy(), PREEMPTION_POLICIES, path.child("preemptionPolicy")));
    }
    return errs;
  }

  private static List<FieldError> validateSecurityContext(PodSecurityContext sc, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (sc == null) {
      return errs;
    }
    errs.addAll(idRange(sc.getFsGroup(), path.child("fsGroup")));
    errs.addAll(idRange(sc.getRunAsUser(), path.child("runAsUser")));
    errs.addAll(idRange(sc.getRunAsGroup(), path.child("runAsGroup")));
    List<Long> groups = nonNull(sc.getSupplementalGroups());
    for (int i = 0; i < groups.size(); i++) {
      errs.addAll(idRange(groups.get(i), path.child("supplementalGroups").index(i)));
    }
    return errs;
  }

  /**
   * A Unix user or group id: 0 to 2147483647 (upstream's {@code IsValidUserID}/{@code GroupID}).
   */
  static List<FieldError> idRange(Long id, FieldPath path) {
    if (id != null && (id < 0 || id > Integer.MAX_VALUE)) {
      return List.of(
          FieldError.invalid(
              path.toString(), id, ValidationMessages.inclusiveRange(0, Integer.MAX_VALUE)));
    }
    return List.of();
  }

  private static List<FieldError> validateSchedulingGates(
      List<PodSchedulingGate> gates, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < gates.size(); i++) {
      String name = gates.get(i).getName() == null ? "" : gates.get(i).getName();
      errs.addAll(LabelFieldValidation.validateQualifiedName(name, path.index(i)));
      if (!seen.add(name)) {
        errs.add(FieldError.duplicate(path.index(i).toString(), name));
      }
    }
    return errs;
  }

  private static List<FieldError> enumValue(String value, List<String> supported, FieldPath path) {
    if (value == null || value.isEmpty()) {
      return List.of(FieldError.required(path.toString(), ""));
    }
    if (!supported.contains(value)) {
      return List.of(FieldError.notSupported(path.toString(), value, supported));
    }
    return List.of();
  }

  private static List<FieldError> name(
      String value, BiFunction<String, Boolean, List<String>> rule, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (value != null && !value.isEmpty()) {
      for (String msg : rule.apply(value, false)) {
        errs.add(FieldError.invalid(path.toString(), value, msg));
      }
    }
    return errs;
  }

  private static List<FieldError> label(String value, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (value != null && !value.isEmpty()) {
      for (String msg : DnsNames.isDns1123Label(value)) {
        errs.add(FieldError.invalid(path.toString(), value, msg));
      }
    }
    return errs;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
