package io.batchd.registry.coordination;

import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.DnsNames;
import io.batchd.api.validation.FieldPath;
import io.batchd.api.validation.ObjectMetaValidation;
import io.batchd.registry.ResourceType;
import io.batchd.registry.Strategy;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of coordination.k8s.io/v1 Leases, as upstream's lease strategy and {@code
 * ValidateLease} hold them: a positive duration, non-negative transitions.
 *
 * <p>{@code spec.strategy} and {@code spec.preferredHolder} belong to the coordinated leader
 * election feature, alpha and off in Kubernetes v1.32: as kube-apiserver does with a disabled
 * feature's fields, they are dropped on create and kept as stored on update.
 */
public final class LeaseStrategy implements Strategy<Lease> {
  public static final ResourceType<Lease> LEASES =
      new ResourceType<>(
          "coordination.k8s.io",
          "v1",
          "leases",
          "lease",
          "Lease",
          true,
          List.of(),
          List.of(),
          List.of(),
          Lease.class);

  private static final FieldPath SPEC = FieldPath.of("spec");

  @Override
  public void applyDefaults(Lease lease) {
    if (lease.getSpec() == null) {
      lease.setSpec(new LeaseSpec());
    }
  }

  @Override
  public void prepareForCreate(Lease lease) {
    lease.getSpec().setStrategy(null);
    lease.getSpec().setPreferredHolder(null);
  }

  @Override
  public void prepareForUpdate(Lease lease, Lease old) {
    lease.getSpec().setStrategy(old.getSpec() == null ? null : old.getSpec().getStrategy());
    lease
        .getSpec()
        .setPreferredHolder(old.getSpec() == null ? null : old.getSpec().getPreferredHolder());
  }

  @Override
  public List<FieldError> validateCreate(Lease lease) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidation.validateCreate(
                lease.getMetadata(), true, DnsNames::nameIsDnsSubdomain, FieldPath.of("metadata")));
    errs.addAll(validateSpec(lease.getSpec()));
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(Lease lease, Lease old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidation.validateUpdate(
                lease.getMetadata(), old.getMetadata(), FieldPath.of("metadata")));
    errs.addAll(validateSpec(lease.getSpec()));
    return errs;
  }

  static List<FieldError> validateSpec(LeaseSpec spec) {
    List<FieldError> errs = new ArrayList<>();
    if (spec.getLeaseDurationSeconds() != null && spec.getLeaseDurationSeconds() <= 0) {
      errs.add(
          FieldError.invalid(
              SPEC.child("leaseDurationSeconds").toString(),
              spec.getLeaseDurationSeconds(),
              "must be greater than 0"));
    }
    if (spec.getLeaseTransitions() != null && spec.getLeaseTransitions() < 0) {
      errs.add(
          FieldError.invalid(
              SPEC.child("leaseTransitions").toString(),
              spec.getLeaseTransitions(),
              "must be greater than or equal to 0"));
    }
    return errs;
  }
}
