package io.batchd.controller.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.client.ApiClient;
import io.batchd.client.InProcessClient;
import io.batchd.client.Informer;
import io.batchd.client.InformerHandler;
import io.batchd.client.ResourceClient;
import io.batchd.client.Selectors;
import io.batchd.registry.ApiResources;
import io.batchd.registry.Registries;
import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.store.sqlite.SqliteStore;
import io.batchd.testing.MutableClock;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeLifecycleControllerTest {
  @TempDir Path dir;
  private SqliteStore store;
  private Registries registries;
  private ApiClient client;
  private NodeLifecycleController controller;
  private ResourceClient<Node> nodes;
  private ResourceClient<Lease> leases;
  private ResourceClient<Pod> pods;

  @BeforeEach
  void start() {
    store = SqliteStore.open(dir.resolve("store.db"), SqliteOptions.defaults());
    registries = ApiResources.register(new Registries(store, Clock.systemUTC()));
    registries.bootstrap();
    client = new InProcessClient(registries);
    nodes = client.resources(Node.class);
    leases = client.resources(Lease.class);
    pods = client.resources(Pod.class);
  }

  @AfterEach
  void stop() {
    if (controller != null) {
      controller.close();
    }
    registries.close();
    store.close();
  }

  private void node(String name) {
    nodes.create(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build());
    nodes.edit(
        null,
        name,
        n -> {
          n.setStatus(
              new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
                  .addNewCondition()
                  .withType("Ready")
                  .withStatus("True")
                  .withReason("KubeletReady")
                  .withMessage("kubelet is posting ready status")
                  .endCondition()
                  .build());
          return n;
        },
        true);
  }

  private void lease(String node, Duration age) {
    ZonedDateTime renewed = ZonedDateTime.now(ZoneOffset.UTC).minus(age);
    if (leases.get("kube-node-lease", node).isPresent()) {
      leases.edit(
          "kube-node-lease",
          node,
          l -> {
            l.getSpec().setRenewTime(renewed);
            return l;
          },
          false);
      return;
    }
    leases.create(
        new LeaseBuilder()
            .withNewMetadata()
            .withName(node)
            .withNamespace("kube-node-lease")
            .endMetadata()
            .withNewSpec()
            .withHolderIdentity(node)
            .withLeaseDurationSeconds(40)
            .withRenewTime(renewed)
            .endSpec()
            .build());
  }

  private void runningPodOn(String name, String node) {
    pods.create(
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("default")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("c")
            .withImage("busybox")
            .withCommand("sleep", "100")
            .endContainer()
            .endSpec()
            .build());
    Binding binding =
        new BindingBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("default")
            .endMetadata()
            .withNewTarget()
            .withKind("Node")
            .withName(node)
            .endTarget()
            .build();
    pods.post("default", name, "binding", binding);
    pods.edit(
        "default",
        name,
        p -> {
          p.getStatus().setPhase("Running");
          return p;
        },
        true);
  }

  @Test
  void aNodeWhoseLeaseLapsedIsTaintedAndItsPodsFailWithADisruptionTarget() {
    node("lost");
    lease("lost", Duration.ofMinutes(5));
    node("alive");
    lease("alive", Duration.ZERO);
    runningPodOn("victim", "lost");
    runningPodOn("survivor", "alive");
    List<Pod> failed = new CopyOnWriteArrayList<>();
    try (Informer<Pod> watch =
        new Informer<>(pods, "default", Selectors.ALL, "test")
            .addHandler(
                new InformerHandler<>() {
                  @Override
                  public void onUpdate(Pod old, Pod pod) {
                    if ("Failed".equals(pod.getStatus().getPhase())) {
                      failed.add(pod);
                    }
                  }
                })
            .start()) {
      Instant t0 = Instant.now();
      MutableClock clock = new MutableClock(t0);
      Duration grace = Duration.ofSeconds(4);
      controller = new NodeLifecycleController(client, clock, grace).start();
      // As upstream, a Lease first seen counts as renewed then: a node whose renewal is minutes
      // old is not lost before a whole grace period after the controller started.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  t0.equals(controller.health().renewalSeenAt("lost"))
                      && t0.equals(controller.health().renewalSeenAt("alive")));
      assertThat(pods.get("default", "victim")).isPresent();
      // The agent of "alive" renews within the grace period; the one of "lost" does not.
      clock.advance(Duration.ofSeconds(3));
      lease("alive", Duration.ZERO);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> t0.plusSeconds(3).equals(controller.health().renewalSeenAt("alive")));
      clock.advance(Duration.ofSeconds(2));
      await().atMost(Duration.ofSeconds(15)).until(() -> pods.get("default", "victim").isEmpty());
      assertThat(failed).isNotEmpty();
      PodCondition target =
          failed.get(0).getStatus().getConditions().stream()
              .filter(c -> c.getType().equals("DisruptionTarget"))
              .findFirst()
              .orElseThrow();
      assertThat(target.getReason()).isEqualTo("DeletionByTaintManager");
      assertThat(target.getMessage()).isEqualTo("Taint manager: deleting due to NoExecute taint");
    }
    Node lost = nodes.get(null, "lost").orElseThrow();
    assertThat(lost.getSpec().getTaints())
        .extracting(t -> t.getKey() + ":" + t.getEffect())
        .containsExactlyInAnyOrder(
            "node.kubernetes.io/unreachable:NoSchedule",
            "node.kubernetes.io/unreachable:NoExecute");
    io.fabric8.kubernetes.api.model.NodeCondition ready = lost.getStatus().getConditions().get(0);
    assertThat(ready.getStatus()).isEqualTo("Unknown");
    assertThat(ready.getReason()).isEqualTo("NodeStatusUnknown");
    assertThat(ready.getMessage()).isEqualTo("Kubelet stopped posting node status.");
    assertThat(pods.get("default", "survivor")).isPresent();
    assertThat(nodes.get(null, "alive").orElseThrow().getSpec().getTaints()).isEmpty();

    // The agent comes back: its taints go.
    lease("lost", Duration.ZERO);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> nodes.get(null, "lost").orElseThrow().getSpec().getTaints().isEmpty());
  }
}
