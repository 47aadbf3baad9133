package io.batchd.controller.nodelifecycle;

import io.batchd.api.errors.StatusException;
import io.batchd.client.ApiClient;
import io.batchd.client.EventRecorder;
import io.batchd.client.Informer;
import io.batchd.client.ResourceClient;
import io.batchd.client.SharedInformers;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Preconditions;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices node agents that stopped renewing their Lease, as upstream's node lifecycle controller
 * does: the node's conditions become Unknown ("Kubelet stopped posting node status.") and it is
 * tainted unreachable, so nothing more is scheduled there. Unlike upstream, which waits for the
 * pods' 300-second unreachable toleration, the pods still running there are failed at once with a
 * {@code DisruptionTarget} condition and removed, so that Jobs replace them within a minute and a
 * pod failure policy can tell the loss from a failure of the workload. When the agent renews its
 * Lease again, the taints go.
 */
public final class NodeLifecycleController implements AutoCloseable {
  static final String UNREACHABLE = "node.kubernetes.io/unreachable";
  static final String STATUS_UNKNOWN = "NodeStatusUnknown";
  static final String STOPPED_POSTING = "Kubelet stopped posting node status.";
  static final String DISRUPTION_REASON = "DeletionByTaintManager";
  static final String DISRUPTION_MESSAGE = "Taint manager: deleting due to NoExecute taint";
  private static final Logger log = LoggerFactory.getLogger(NodeLifecycleController.class);

  private final ResourceClient<Node> nodes;
  private final ResourceClient<Pod> pods;
  private final SharedInformers informers;
  private final boolean ownInformers;
  private final Informer<Node> nodeInformer;
  private final Informer<Lease> leaseInformer;
  private final Informer<Pod> podInformer;
  private final EventRecorder events;
  private final Clock clock;
  private final Duration grace;
  private final NodeHealth health = new NodeHealth();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("node-lifecycle").factory());

  /**
   * @param grace how long a Lease may go unrenewed before its node counts as lost (upstream's
   *     node-monitor-grace-period, 40 s)
   */
  public NodeLifecycleController(ApiClient client, Clock clock, Duration grace) {
    this(client, clock, grace, null);
  }

  /**
   * The same reading nodes, Leases and pods from the process's shared informers (null: its own).
   */
  public NodeLifecycleController(
      ApiClient client, Clock clock, Duration grace, SharedInformers shared) {
    this.ownInformers = shared == null;
    this.informers = shared == null ? new SharedInformers(client) : shared;
    this.nodes = client.resources(Node.class);
    this.pods = client.resources(Pod.class);
    this.clock = clock;
    this.grace = grace;
    this.events = new EventRecorder(client, "node-controller", null, clock);
    this.nodeInformer = informers.of(Node.class);
    // Node Leases are in kube-node-lease; the shared informer holds every namespace's.
    this.leaseInformer = informers.of(Lease.class);
    this.podInformer = informers.of(Pod.class);
  }

  public NodeLifecycleController start() {
    if (ownInformers) {
      informers.start();
    }
    long period = Math.max(100, grace.toMillis() / 8);
    timer.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    return this;
  }

  /** What this controller has seen of each node's Lease (for tests). */
  NodeHealth health() {
    return health;
  }

  private void check() {
    if (!nodeInformer.hasSynced() || !leaseInformer.hasSynced() || !podInformer.hasSynced()) {
      return;
    }
    Instant now = clock.instant();
    for (Node node : nodeInformer.list()) {
      try {
        String name = node.getMetadata().getName();
        boolean lost = health.isLost(node, leaseInformer.get("kube-node-lease", name), now, grace);
        if (lost) {
          markLost(node, now);
          failPodsOn(name, now);
        } else if (hasUnreachableTaint(node)) {
          clearTaints(name);
        }
      } catch (RuntimeException e) {
        log.warn(
            "node lifecycle check of {} failed: {}", node.getMetadata().getName(), e.getMessage());
      }
    }
  }

  private void markLost(Node node, Instant now) {
    if (hasUnreachableTaint(node) && readyIsUnknown(node)) {
      return;
    }
    String time = format(now);
    nodes.edit(
        null,
        node.getMetadata().getName(),
        n -> {
          if (n.getStatus() != null) {
            for (NodeCondition c : n.getStatus().getConditions()) {
              if (!"Unknown".equals(c.getStatus())) {
                c.setStatus("Unknown");
                c.setReason(STATUS_UNKNOWN);
                c.setMessage(STOPPED_POSTING);
                c.setLastTransitionTime(time);
              }
            }
          }
          return n;
        },
        true);
    nodes.edit(
        null,
        node.getMetadata().getName(),
        n -> {
          List<Taint> taints = new ArrayList<>(n.getSpec().getTaints());
          boolean changed = false;
          for (String effect : List.of("NoSchedule", "NoExecute")) {
            if (taints.stream()
                .noneMatch(t -> UNREACHABLE.equals(t.getKey()) && effect.equals(t.getEffect()))) {
              Taint t = new Taint();
              t.setKey(UNREACHABLE);
              t.setEffect(effect);
              if (effect.equals("NoExecute")) {
                t.setTimeAdded(time);
              }
              taints.add(t);
              changed = true;
            }
          }
          if (!changed) {
            return null;
          }
          n.getSpec().setTaints(taints);
          return n;
        },
        false);
    events.normal(
        node,
        "NodeNotReady",
        "Node " + node.getMetadata().getName() + " status is now: NodeNotReady");
    log.warn(
        "node {} stopped renewing its lease; its pods are failed", node.getMetadata().getName());
  }

  /** Fails and removes the unfinished pods of a lost node; its agent cannot do it any more. */
  private void failPodsOn(String nodeName, Instant now) {
    String time = format(now);
    for (Pod pod : podInformer.list(p -> nodeName.equals(p.getSpec().getNodeName()))) {
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      String uid = pod.getMetadata().getUid();
      if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) {
        pods.edit(
            pod.getMetadata().getNamespace(),
            pod.getMetadata().getName(),
            p -> {
              if (!p.getMetadata().getUid().equals(uid)) {
                return null;
              }
              List<PodCondition> conditions = new ArrayList<>(p.getStatus().getConditions());
              conditions.removeIf(c -> "DisruptionTarget".equals(c.getType()));
              PodCondition target = new PodCondition();
              target.setType("DisruptionTarget");
              target.setStatus("True");
              target.setReason(DISRUPTION_REASON);
              target.setMessage(DISRUPTION_MESSAGE);
              target.setLastTransitionTime(time);
              conditions.add(target);
              p.getStatus().setConditions(conditions);
              p.getStatus().setPhase("Failed");
              return p;
            },
            true);
        events.normal(
            pod,
            "TaintManagerEviction",
            "Marking for deletion Pod "
                + pod.getMetadata().getNamespace()
                + "/"
                + pod.getMetadata().getName());
      }
      if (pod.getMetadata().getDeletionTimestamp() == null || !"Failed".equals(phase)) {
        DeleteOptions force = new DeleteOptions();
        force.setGracePeriodSeconds(0L);
        force.setPreconditions(new Preconditions(null, uid));
        try {
          pods.delete(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), force);
        } catch (StatusException e) {
          log.debug("pod {} not removed: {}", pod.getMetadata().getName(), e.getMessage());
        }
      }
    }
  }

  private void clearTaints(String name) {
    nodes.edit(
        null,
        name,
        n -> {
          List<Taint> taints = new ArrayList<>(n.getSpec().getTaints());
          if (!taints.removeIf(t -> UNREACHABLE.equals(t.getKey()))) {
            return null;
          }
          n.getSpec().setTaints(taints);
          return n;
        },
        false);
  }

  private static boolean hasUnreachableTaint(Node node) {
    return node.getSpec() != null
        && node.getSpec().getTaints().stream().anyMatch(t -> UNREACHABLE.equals(t.getKey()));
  }

  private static boolean readyIsUnknown(Node node) {
    return node.getStatus() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "Unknown".equals(c.getStatus()));
  }

  private static String format(Instant now) {
    return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
  }

  @Override
  public void close() {
    timer.shutdownNow();
    if (ownInformers) {
      informers.close();
    }
    events.close();
  }
}
