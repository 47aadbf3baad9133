package io.batchd.node;

import io.batchd.api.errors.StatusException;
import io.batchd.client.ResourceClient;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The node's heartbeat: a Lease in {@code kube-node-lease} named after the node, renewed every
 * quarter of its duration as the kubelet does, owned by the Node so it goes with it.
 */
final class NodeLease {
  static final String NAMESPACE = "kube-node-lease";

  private final ResourceClient<Lease> leases;
  private final NodeAgentOptions options;
  private final Clock clock;

  NodeLease(ResourceClient<Lease> leases, NodeAgentOptions options, Clock clock) {
    this.leases = leases;
    this.options = options;
    this.clock = clock;
  }

  void renew(Node node) {
    java.time.ZonedDateTime now =
        clock.instant().truncatedTo(ChronoUnit.MICROS).atZone(ZoneOffset.UTC);
    try {
      if (leases
          .edit(
              NAMESPACE,
              options.nodeName(),
              lease -> {
                lease.getSpec().setHolderIdentity(options.nodeName());
                lease.getSpec().setRenewTime(now);
                return lease;
              },
              false)
          .isPresent()) {
        return;
      }
      Lease lease = new Lease();
      ObjectMeta meta = new ObjectMeta();
      meta.setName(options.nodeName());
      meta.setNamespace(NAMESPACE);
      OwnerReference owner = new OwnerReference();
      owner.setApiVersion("v1");
      owner.setKind("Node");
      owner.setName(node.getMetadata().getName());
      owner.setUid(node.getMetadata().getUid());
      meta.setOwnerReferences(List.of(owner));
      lease.setMetadata(meta);
      LeaseSpec spec = new LeaseSpec();
      spec.setHolderIdentity(options.nodeName());
      spec.setLeaseDurationSeconds((int) options.leaseDuration().toSeconds());
      spec.setRenewTime(now);
      lease.setSpec(spec);
      leases.create(lease);
    } catch (StatusException e) {
      if (e.code() != 409) {
        throw e;
      }
      // Created meanwhile by an earlier run of this agent: the next renewal edits it.
    }
  }
}
