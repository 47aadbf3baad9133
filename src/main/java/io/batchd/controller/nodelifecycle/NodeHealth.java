package io.batchd.controller.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a node's agent is alive, judged as upstream's node lifecycle controller judges it: by the
 * last renewal of the node's Lease (or, before it has one, the node's creation), against the grace
 * period.
 */
final class NodeHealth {
  private NodeHealth() {}

  static boolean isLost(Node node, Optional<Lease> lease, Instant now, Duration grace) {
    Instant lastSeen =
        lease
            .map(Lease::getSpec)
            .map(spec -> spec.getRenewTime())
            .map(t -> t.toInstant())
            .orElseGet(() -> Instant.parse(node.getMetadata().getCreationTimestamp()));
    return now.isAfter(lastSeen.plus(grace));
  }
}
