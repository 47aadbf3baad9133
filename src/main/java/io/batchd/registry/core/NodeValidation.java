package io.batchd.registry.core;

import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.DnsNames;
import io.batchd.api.validation.FieldPath;
import io.batchd.api.validation.LabelFieldValidation;
import io.batchd.api.validation.ObjectMetaValidation;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Nodes as upstream's {@code ValidateNode} and {@code ValidateNodeUpdate} check them: the name, the
 * taints (unique by key and effect), capacity and allocatable quantities, unique addresses, and the
 * spec fields that may only be set once ({@code podCIDRs}, {@code providerID}). Not checked: the
 * deprecated {@code configSource} and the taint and avoid-pods annotations.
 */
final class NodeValidation {
  private static final FieldPath METADATA = FieldPath.of("metadata");
  private static final List<String> EFFECTS =
      List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  private NodeValidation() {}

  static List<FieldError> validate(Node node) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidation.validateCreate(
                node.getMetadata(), false, DnsNames::nameIsDnsSubdomain, METADATA));
    NodeSpec spec = node.getSpec() == null ? new NodeSpec() : node.getSpec();
    // Upstream reports taints under metadata; kept for exactness.
    errs.addAll(validateTaints(spec.getTaints(), METADATA.child("taints")));
    errs.addAll(validateResources(node));
    return errs;
  }

  static List<FieldError> validateUpdate(Node node, Node old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidation.validateUpdate(node.getMetadata(), old.getMetadata(), METADATA));
    errs.addAll(validateResources(node));
    List<NodeAddress> addresses =
        node.getStatus() == null || node.getStatus().getAddresses() == null
            ? List.of()
            : node.getStatus().getAddresses();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < addresses.size(); i++) {
      NodeAddress a = addresses.get(i);
      if (!seen.add(a.getType() + "\u0000" + a.getAddress())) {
        errs.add(
            FieldError.duplicate(
                FieldPath.of("status", "addresses").index(i).toString(),
                "{" + a.getType() + " " + a.getAddress() + "}"));
      }
    }
    NodeSpec spec = node.getSpec() == null ? new NodeSpec() : node.getSpec();
    NodeSpec oldSpec = old.getSpec() == null ? new NodeSpec() : old.getSpec();
    List<String> oldCidrs = oldSpec.getPodCIDRs() == null ? List.of() : oldSpec.getPodCIDRs();
    if (!oldCidrs.isEmpty() && !oldCidrs.equals(spec.getPodCIDRs())) {
      errs.add(
          FieldError.forbidden(
              "spec.podCIDRs", "node updates may not change podCIDR except from \"\" to valid"));
    }
    String oldProvider = oldSpec.getProviderID();
    if (oldProvider != null
        && !oldProvider.isEmpty()
        && !oldProvider.equals(spec.getProviderID())) {
      errs.add(
          FieldError.forbidden(
              "spec.providerID",
              "node updates may not change providerID except from \"\" to valid"));
    }
    if (!Objects.equals(spec.getExternalID(), oldSpec.getExternalID())) {
      errs.add(FieldError.forbidden("spec.externalID", "may not be updated"));
    }
    errs.addAll(validateTaints(spec.getTaints(), METADATA.child("taints")));
    return errs;
  }

  private static List<FieldError> validateTaints(List<Taint> taints, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (taints == null) {
      return errs;
    }
    Set<String> unique = new HashSet<>();
    for (int i = 0; i < taints.size(); i++) {
      Taint t = taints.get(i);
      FieldPath at = path.index(i);
      String key = t.getKey() == null ? "" : t.getKey();
      errs.addAll(LabelFieldValidation.validateQualifiedName(key, at.child("key")));
      String value = t.getValue() == null ? "" : t.getValue();
      List<String> valueErrors = io.batchd.api.selectors.LabelValidation.labelValueErrors(value);
      if (!valueErrors.isEmpty()) {
        errs.add(
            FieldError.invalid(at.child("value").toString(), value, String.join(";", valueErrors)));
      }
      String effect = t.getEffect() == null ? "" : t.getEffect();
      if (effect.isEmpty()) {
        errs.add(FieldError.required(at.child("effect").toString(), ""));
      } else if (!EFFECTS.contains(effect)) {
        errs.add(FieldError.notSupported(at.child("effect").toString(), effect, EFFECTS));
      }
      if (!unique.add(effect + "\u0000" + key)) {
        errs.add(
            new FieldError(
                FieldError.Type.DUPLICATE,
                at.toString(),
                "{" + key + " " + value + " " + effect + " <nil>}",
                "taints must be unique by key and effect pair"));
      }
    }
    return errs;
  }

  private static List<FieldError> validateResources(Node node) {
    List<FieldError> errs = new ArrayList<>();
    if (node.getStatus() == null) {
      return errs;
    }
    errs.addAll(nonNegative(node.getStatus().getCapacity(), "capacity"));
    errs.addAll(nonNegative(node.getStatus().getAllocatable(), "allocatable"));
    return errs;
  }

  private static List<FieldError> nonNegative(Map<String, Quantity> resources, String field) {
    List<FieldError> errs = new ArrayList<>();
    if (resources == null) {
      return errs;
    }
    for (Map.Entry<String, Quantity> e : resources.entrySet()) {
      String path = FieldPath.of("status", field, e.getKey()).toString();
      try {
        BigDecimal amount = Quantity.getAmountInBytes(e.getValue());
        if (amount.signum() < 0) {
          errs.add(
              FieldError.invalid(
                  path, e.getValue().toString(), "must be greater than or equal to 0"));
        }
      } catch (IllegalArgumentException invalid) {
        errs.add(
            FieldError.invalid(
                path, String.valueOf(e.getValue()), "must be a valid resource quantity"));
      }
    }
    return errs;
  }
}
