package io.batchd.controller.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.List;
import java.util.Optional;

/**
 * A kind the garbage collector watches: owners and dependents are objects of these kinds, and an
 * ownerReference is resolved by its {@code apiVersion} and {@code kind}.
 */
record MonitoredKind<T extends HasMetadata>(
    String apiVersion, String kind, Class<T> type, boolean namespaced) {

  /**
   * What batchd serves that carries ownerReferences or is named by them: Jobs own pods, Nodes own
   * their Leases. Events and Namespaces are left out (see docs/controller.md).
   */
  static final List<MonitoredKind<?>> ALL =
      List.of(
          new MonitoredKind<>("batch/v1", "Job", Job.class, true),
          new MonitoredKind<>("v1", "Pod", Pod.class, true),
          new MonitoredKind<>("v1", "Node", Node.class, false),
          new MonitoredKind<>("coordination.k8s.io/v1", "Lease", Lease.class, true));

  static Optional<MonitoredKind<?>> find(String apiVersion, String kind) {
    return ALL.stream()
        .filter(k -> k.apiVersion().equals(apiVersion) && k.kind().equals(kind))
        .findFirst();
  }
}
