package io.batchd.controller.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeFitTest {

  private static Node node(String name, String cpu, String memory, int pods, boolean ready) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("kubernetes.io/hostname", name)
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .withNewStatus()
        .withAllocatable(
            Map.of(
                "cpu", new Quantity(cpu),
                "memory", new Quantity(memory),
                "pods", new Quantity(Integer.toString(pods))))
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .endStatus()
        .build();
  }

  private static Pod pod(String name, String cpu, String memory) {
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("default")
            .withUid(name)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("c")
            .withNewResources()
            .endResources()
            .endContainer()
            .endSpec();
    Pod pod = b.build();
    if (cpu != null) {
      pod.getSpec()
          .getContainers()
          .get(0)
          .getResources()
          .getRequests()
          .put("cpu", new Quantity(cpu));
    }
    if (memory != null) {
      pod.getSpec()
          .getContainers()
          .get(0)
          .getResources()
          .getRequests()
          .put("memory", new Quantity(memory));
    }
    return pod;
  }

  private static Pod boundTo(Pod pod, String node) {
    pod.getSpec().setNodeName(node);
    return pod;
  }

  @Test
  void picksTheNodeWithTheMostCpuLeft() {
    List<Node> nodes = List.of(node("a", "2", "1Gi", 110, true), node("b", "4", "1Gi", 110, true));
    var decision =
        NodeFit.choose(pod("p", "500m", null), nodes, List.of(boundTo(pod("x", "3", null), "b")));
    assertThat(decision.node()).contains("a");
  }

  @Test
  void podsWithoutRequestsFitUntilThePodLimit() {
    List<Node> nodes = List.of(node("a", "1", "1Gi", 2, true));
    List<Pod> bound =
        List.of(boundTo(pod("x", null, null), "a"), boundTo(pod("y", null, null), "a"));
    var decision = NodeFit.choose(pod("p", null, null), nodes, bound);
    assertThat(decision.node()).isEmpty();
    assertThat(decision.unschedulableMessage())
        .isEqualTo(
            "0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No"
                + " preemption victims found for incoming pod.");
  }

  @Test
  void insufficientResourcesAreCountedPerNodeAndSorted() {
    List<Node> nodes = List.of(node("a", "1", "1Gi", 110, true), node("b", "1", "64Mi", 110, true));
    var decision = NodeFit.choose(pod("p", "2", "128Mi"), nodes, List.of());
    assertThat(decision.unschedulableMessage())
        .isEqualTo(
            "0/2 nodes are available: 2 Insufficient cpu, 1 Insufficient memory. preemption: 0/2"
                + " nodes are available: 2 No preemption victims found for incoming pod.");
  }

  @Test
  void notReadyNodesAndSelectorsAreNotHelpedByPreemption() {
    Pod pod = pod("p", null, null);
    pod.getSpec().setNodeSelector(Map.of("disk", "ssd"));
    List<Node> nodes = List.of(node("a", "1", "1Gi", 110, false), node("b", "1", "1Gi", 110, true));
    var decision = NodeFit.choose(pod, nodes, List.of());
    assertThat(decision.unschedulableMessage())
        .isEqualTo(
            "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1"
                + " node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption:"
                + " 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
  }

  @Test
  void aTaintBlocksPodsThatDoNotTolerateIt() {
    Node tainted = node("a", "1", "1Gi", 110, true);
    tainted
        .getSpec()
        .setTaints(
            List.of(new io.fabric8.kubernetes.api.model.Taint("NoSchedule", "gpu", null, "yes")));
    Pod plain = pod("p", null, null);
    assertThat(NodeFit.choose(plain, List.of(tainted), List.of()).unschedulableMessage())
        .startsWith("0/1 nodes are available: 1 node(s) had untolerated taint {gpu: yes}.");
    Pod tolerant = pod("q", null, null);
    tolerant
        .getSpec()
        .setTolerations(
            List.of(
                new io.fabric8.kubernetes.api.model.Toleration(
                    "NoSchedule", "gpu", "Equal", null, "yes")));
    assertThat(NodeFit.choose(tolerant, List.of(tainted), List.of()).node()).contains("a");
  }

  @Test
  void cordonedNodesTakeNoPods() {
    Node cordoned = node("a", "1", "1Gi", 110, true);
    cordoned.getSpec().setUnschedulable(true);
    assertThat(
            NodeFit.choose(pod("p", null, null), List.of(cordoned), List.of())
                .unschedulableMessage())
        .startsWith("0/1 nodes are available: 1 node(s) were unschedulable.");
  }

  @Test
  void noNodesAtAll() {
    assertThat(NodeFit.choose(pod("p", null, null), List.of(), List.of()).unschedulableMessage())
        .isEqualTo("no nodes available to schedule pods");
  }

  @Test
  void initContainersCountByTheLargestRequest() {
    Pod pod = pod("p", "100m", null);
    pod.getSpec()
        .setInitContainers(
            List.of(
                new io.fabric8.kubernetes.api.model.ContainerBuilder()
                    .withName("init")
                    .withNewResources()
                    .addToRequests("cpu", new Quantity("1500m"))
                    .endResources()
                    .build()));
    assertThat(PodRequests.of(pod).cpuMillis()).isEqualTo(1500);
  }
}
