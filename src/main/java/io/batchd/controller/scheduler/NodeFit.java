package io.batchd.controller.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The scheduling decision for one pod: which nodes can take it (ready, schedulable, matching its
 * node selector, tolerating their taints, with room for its requests and one more pod), and of
 * those the one with the most CPU left, as the scheduler's least-allocated scoring prefers. When
 * none fits, the reason in the scheduler's words.
 */
final class NodeFit {
  static final String NOT_READY_TAINT = "node.kubernetes.io/not-ready";
  static final String UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";

  private NodeFit() {}

  /** Either a node or the reason no node fits. */
  record Decision(Optional<String> node, String unschedulableMessage) {}

  /**
   * @param boundPods the pods already bound to nodes and not finished
   */
  static Decision choose(Pod pod, List<Node> nodes, List<Pod> boundPods) {
    if (nodes.isEmpty()) {
      return new Decision(Optional.empty(), "no nodes available to schedule pods");
    }
    PodRequests wanted = PodRequests.of(pod);
    Map<String, Integer> reasons = new TreeMap<>();
    int unhelpful = 0;
    Node best = null;
    long bestFree = Long.MIN_VALUE;
    for (Node node :
        nodes.stream().sorted(Comparator.comparing(n -> n.getMetadata().getName())).toList()) {
      List<String> hard = hardFailures(pod, node);
      if (!hard.isEmpty()) {
        hard.forEach(r -> reasons.merge(r, 1, Integer::sum));
        unhelpful++;
        continue;
      }
      NodeUse use = NodeUse.of(node, boundPods);
      List<String> resource = resourceFailures(wanted, node, use);
      if (!resource.isEmpty()) {
        resource.forEach(r -> reasons.merge(r, 1, Integer::sum));
        continue;
      }
      long free = allocatable(node, "cpu", 1000) - use.requests().cpuMillis() - wanted.cpuMillis();
      if (free > bestFree) {
        best = node;
        bestFree = free;
      }
    }
    if (best != null) {
      return new Decision(Optional.of(best.getMetadata().getName()), null);
    }
    return new Decision(Optional.empty(), message(nodes.size(), reasons, unhelpful));
  }

  /** Failures no amount of freed room would cure. */
  private static List<String> hardFailures(Pod pod, Node node) {
    List<String> failures = new ArrayList<>();
    if (!isReady(node)) {
      if (!tolerates(pod, NOT_READY_TAINT, "NoSchedule")) {
        failures.add("node(s) had untolerated taint {" + NOT_READY_TAINT + ": }");
        return failures;
      }
    }
    if (Boolean.TRUE.equals(node.getSpec() == null ? null : node.getSpec().getUnschedulable())
        && !tolerates(pod, UNSCHEDULABLE_TAINT, "NoSchedule")) {
      failures.add("node(s) were unschedulable");
      return failures;
    }
    Map<String, String> selector = pod.getSpec().getNodeSelector();
    Map<String, String> labels =
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    if (selector != null
        && !selector.entrySet().stream()
            .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()))) {
      failures.add("node(s) didn't match Pod's node affinity/selector");
      return failures;
    }
    if (node.getSpec() != null) {
      for (Taint taint : node.getSpec().getTaints()) {
        boolean blocks =
            "NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect());
        if (blocks && !tolerates(pod, taint)) {
          failures.add(
              "node(s) had untolerated taint {"
                  + taint.getKey()
                  + ": "
                  + (taint.getValue() == null ? "" : taint.getValue())
                  + "}");
          return failures;
        }
      }
    }
    return failures;
  }

  private static List<String> resourceFailures(PodRequests wanted, Node node, NodeUse use) {
    List<String> failures = new ArrayList<>();
    if (use.pods() + 1 > allocatable(node, "pods", 1)) {
      failures.add("Too many pods");
    }
    if (wanted.cpuMillis() > 0
        && use.requests().cpuMillis() + wanted.cpuMillis() > allocatable(node, "cpu", 1000)) {
      failures.add("Insufficient cpu");
    }
    if (wanted.memoryBytes() > 0
        && use.requests().memoryBytes() + wanted.memoryBytes() > allocatable(node, "memory", 1)) {
      failures.add("Insufficient memory");
    }
    return failures;
  }

  /** The scheduler's FailedScheduling message, preemption postscript included. */
  private static String message(int nodes, Map<String, Integer> reasons, int unhelpful) {
    StringBuilder m = new StringBuilder("0/" + nodes + " nodes are available: ");
    List<String> parts = new ArrayList<>();
    reasons.forEach((reason, count) -> parts.add(count + " " + reason));
    m.append(String.join(", ", parts))
        .append(". preemption: 0/")
        .append(nodes)
        .append(" nodes are available: ");
    List<String> preemption = new ArrayList<>();
    if (nodes - unhelpful > 0) {
      preemption.add((nodes - unhelpful) + " No preemption victims found for incoming pod");
    }
    if (unhelpful > 0) {
      preemption.add(unhelpful + " Preemption is not helpful for scheduling");
    }
    m.append(String.join(", ", preemption)).append(".");
    return m.toString();
  }

  static boolean isReady(Node node) {
    if (node.getStatus() == null) {
      return false;
    }
    for (NodeCondition c : node.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return "True".equals(c.getStatus());
      }
    }
    return false;
  }

  private static boolean tolerates(Pod pod, String key, String effect) {
    Taint taint = new Taint();
    taint.setKey(key);
    taint.setEffect(effect);
    return tolerates(pod, taint);
  }

  /** The API's toleration matching: same key (or empty with Exists), value, and effect. */
  static boolean tolerates(Pod pod, Taint taint) {
    for (Toleration t : pod.getSpec().getTolerations()) {
      boolean effect =
          t.getEffect() == null
              || t.getEffect().isEmpty()
              || t.getEffect().equals(taint.getEffect());
      boolean key =
          t.getKey() == null || t.getKey().isEmpty()
              ? "Exists".equals(t.getOperator())
              : t.getKey().equals(taint.getKey());
      boolean value =
          "Exists".equals(t.getOperator())
              || Objects.equals(
                  t.getValue() == null ? "" : t.getValue(),
                  taint.getValue() == null ? "" : taint.getValue());
      if (effect && key && value) {
        return true;
      }
    }
    return false;
  }

  static long allocatable(Node node, String resource, int scale) {
    if (node.getStatus() == null || node.getStatus().getAllocatable() == null) {
      return 0;
    }
    Quantity q = node.getStatus().getAllocatable().get(resource);
    return PodRequests.amount(q, scale);
  }

  /** What the pods bound to a node already take. */
  record NodeUse(int pods, PodRequests requests) {
    static NodeUse of(Node node, List<Pod> boundPods) {
      int count = 0;
      PodRequests total = PodRequests.NONE;
      String name = node.getMetadata().getName();
      for (Pod p : boundPods) {
        if (name.equals(p.getSpec().getNodeName())) {
          count++;
          total = total.plus(PodRequests.of(p));
        }
      }
      return new NodeUse(count, total);
    }
  }
}
