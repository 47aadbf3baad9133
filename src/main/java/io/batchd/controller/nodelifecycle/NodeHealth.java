package io.batchd.controller.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a node's agent is alive, judged as upstream's node lifecycle controller judges it: by
 * when this controller last saw the node's Lease renewed (upstream's probe timestamp), against the
 * grace period. The first sight of a Lease counts as a renewal seen now, so a controller that has
 * just started (a server restarted after some time down) gives every agent a whole grace period to
 * renew, instead of failing the pods of a node whose agent is only starting too. A node without a
 * Lease is judged from its creation.
 */
final class NodeHealth {
  /** The renewal last seen of a node's Lease (null: none yet) and when it was seen. */
  private record Seen(Instant renewTime, Instant at) {}

  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  boolean isLost(Node node, Optional<Lease> lease, Instant now, Duration grace) {
    String name = node.getMetadata().getName();
    Instant renewed =
        lease
            .map(Lease::getSpec)
            .map(spec -> spec.getRenewTime())
            .map(t -> t.toInstant())
            .orElse(null);
    Seen last = seen.get(name);
    Instant probe;
    if (renewed != null
        && (last == null || last.renewTime() == null || last.renewTime().isBefore(renewed))) {
      seen.put(name, new Seen(renewed, now));
      probe = now;
    } else if (last == null) {
      probe = Instant.parse(node.getMetadata().getCreationTimestamp());
      seen.put(name, new Seen(null, probe));
    } else {
      probe = last.at();
    }
    return now.isAfter(probe.plus(grace));
  }

  /** When the last renewal of the node's Lease was seen, or null before the node was judged. */
  Instant renewalSeenAt(String node) {
    Seen last = seen.get(node);
    return last == null ? null : last.at();
  }
}
