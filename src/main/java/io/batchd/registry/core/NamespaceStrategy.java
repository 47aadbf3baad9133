package io.batchd.registry.core;

import io.batchd.api.errors.FieldError;
import io.batchd.registry.Strategy;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceSpec;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** The rules of core/v1 Namespaces, as upstream's namespace strategy holds them. */
public final class NamespaceStrategy implements Strategy<Namespace> {
  static final String NAME_LABEL = "kubernetes.io/metadata.name";
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  @Override
  public void applyDefaults(Namespace ns) {
    // Upstream labels every namespace with its own name so that selectors can pick namespaces.
    Map<String, String> labels =
        ns.getMetadata().getLabels() == null
            ? new HashMap<>()
            : new HashMap<>(ns.getMetadata().getLabels());
    if (ns.getMetadata().getName() != null) {
      labels.put(NAME_LABEL, ns.getMetadata().getName());
    }
    ns.getMetadata().setLabels(labels);
  }

  @Override
  public void prepareForCreate(Namespace ns) {
    ns.setStatus(new NamespaceStatus(List.of(), "Active"));
    if (ns.getSpec() == null || ns.getSpec().getFinalizers() == null) {
      ns.setSpec(new NamespaceSpec(List.of("kubernetes")));
    }
  }

  @Override
  public List<FieldError> validateCreate(Namespace ns) {
    List<FieldError> errors = new ArrayList<>();
    String name = ns.getMetadata().getName();
    if (name.length() > 63) {
      errors.add(FieldError.invalid("metadata.name", name, "must be no more than 63 characters"));
    }
    if (!DNS_LABEL.matcher(name).matches()) {
      errors.add(
          FieldError.invalid(
              "metadata.name",
              name,
              "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or"
                  + " '-', and must start and end with an alphanumeric character (e.g. 'my-name', "
                  + " or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"));
    }
    return errors;
  }

  @Override
  public void prepareForUpdate(Namespace ns, Namespace old) {
    ns.setStatus(old.getStatus());
    if (ns.getSpec() == null) {
      ns.setSpec(old.getSpec());
    }
  }

  @Override
  public List<FieldError> validateUpdate(Namespace ns, Namespace old) {
    if (!Objects.equals(ns.getSpec(), old.getSpec())) {
      return List.of(
          FieldError.forbidden(
              "spec.finalizers", "may only be changed through the finalize subresource"));
    }
    return List.of();
  }

  @Override
  public void prepareForStatusUpdate(Namespace ns, Namespace old) {
    ns.setSpec(old.getSpec());
  }

  @Override
  public java.util.Set<String> selectableFieldNames() {
    return java.util.Set.of("status.phase");
  }

  @Override
  public Map<String, String> selectableFields(Namespace ns) {
    return Map.of(
        "status.phase", ns.getStatus() == null ? "" : String.valueOf(ns.getStatus().getPhase()));
  }
}
