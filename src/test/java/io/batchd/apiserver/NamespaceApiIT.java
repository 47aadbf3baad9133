package io.batchd.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.batchd.testing.InProcessServer;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** core/v1 Namespaces through the fabric8 client: the API machinery every resource shares. */
class NamespaceApiIT {
  @TempDir Path dir;
  private InProcessServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = new InProcessServer(dir);
    client = server.client();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private static Namespace ns(String name) {
    return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  @Test
  void theInitialNamespacesExist() {
    assertThat(client.namespaces().list().getItems())
        .extracting(n -> n.getMetadata().getName())
        .containsExactly("default", "kube-node-lease", "kube-public", "kube-system");
  }

  @Test
  void createGetUpdateDeleteKeepsKubernetesMetadataRules() {
    Namespace created = client.namespaces().resource(ns("team-a")).create();

    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getCreationTimestamp()).endsWith("Z");
    assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
    assertThat(created.getStatus().getPhase()).isEqualTo("Active");
    assertThat(created.getMetadata().getLabels())
        .containsEntry("kubernetes.io/metadata.name", "team-a");

    Namespace got = client.namespaces().withName("team-a").get();
    assertThat(got).isEqualTo(created);

    got.getMetadata().getLabels().put("tier", "gold");
    Namespace updated = client.namespaces().resource(got).update();
    assertThat(updated.getMetadata().getLabels()).containsEntry("tier", "gold");
    assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
        .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
    assertThat(updated.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());

    assertThat(client.namespaces().withName("team-a").delete()).hasSize(1);
    assertThat(client.namespaces().withName("team-a").get()).isNull();
  }

  @Test
  void aStaleResourceVersionIsAConflictAndChangesNothing() {
    Namespace created = client.namespaces().resource(ns("team-b")).create();
    created.getMetadata().getLabels().put("v", "1");
    client.namespaces().resource(created).update();

    created.getMetadata().getLabels().put("v", "2");
    assertThatThrownBy(() -> client.namespaces().resource(created).update())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
              assertThat(e.getStatus().getMessage())
                  .isEqualTo(
                      "Operation cannot be fulfilled on namespaces \"team-b\": the object has been"
                          + " modified; please apply your changes to the latest version and try"
                          + " again");
            });
    assertThat(client.namespaces().withName("team-b").get().getMetadata().getLabels())
        .containsEntry("v", "1");
  }

  @Test
  void duplicatesAndMissingObjectsGetUpstreamsStatus() {
    client.namespaces().resource(ns("dup")).create();

    assertThatThrownBy(() -> client.namespaces().resource(ns("dup")).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
              assertThat(e.getStatus().getMessage()).isEqualTo("namespaces \"dup\" already exists");
            });
    assertThatThrownBy(() -> client.namespaces().withName("nope").edit(n -> n))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void invalidNamesAreRejectedWith422AndACause() {
    assertThatThrownBy(() -> client.namespaces().resource(ns("Bad_Name")).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
              assertThat(e.getStatus().getDetails().getCauses())
                  .singleElement()
                  .satisfies(c -> assertThat(c.getField()).isEqualTo("metadata.name"));
            });
  }

  @Test
  void labelSelectorsFilterLists() {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("a1")
                .addToLabels("env", "prod")
                .endMetadata()
                .build())
        .create();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("a2")
                .addToLabels("env", "dev")
                .endMetadata()
                .build())
        .create();

    assertThat(client.namespaces().withLabel("env", "prod").list().getItems())
        .extracting(n -> n.getMetadata().getName())
        .containsExactly("a1");
    assertThat(client.namespaces().withLabelIn("env", "prod", "dev").list().getItems()).hasSize(2);
    assertThat(client.namespaces().withoutLabel("env").list().getItems()).hasSize(4);
  }

  @Test
  void pagedListsReturnEveryObjectOnce() {
    for (int i = 0; i < 7; i++) {
      client.namespaces().resource(ns("page-" + i)).create();
    }
    var first =
        client
            .namespaces()
            .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(3L).build());
    assertThat(first.getItems()).hasSize(3);
    assertThat(first.getMetadata().getContinue()).isNotBlank();
    int total = first.getItems().size();
    String next = first.getMetadata().getContinue();
    while (next != null) {
      var page =
          client
              .namespaces()
              .list(
                  new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                      .withLimit(3L)
                      .withContinue(next)
                      .build());
      total += page.getItems().size();
      next = page.getMetadata().getContinue();
    }
    assertThat(total).isEqualTo(11);
  }

  @Test
  void patchesOfEachTypeApply() {
    client.namespaces().resource(ns("patched")).create();

    client
        .namespaces()
        .withName("patched")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"m\":\"1\"}}}");
    client
        .namespaces()
        .withName("patched")
        .patch(
            PatchContext.of(PatchType.STRATEGIC_MERGE),
            "{\"metadata\":{\"labels\":{\"s\":\"1\"}}}");
    client
        .namespaces()
        .withName("patched")
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"add\",\"path\":\"/metadata/labels/j\",\"value\":\"1\"}]");

    assertThat(client.namespaces().withName("patched").get().getMetadata().getLabels())
        .containsEntry("m", "1")
        .containsEntry("s", "1")
        .containsEntry("j", "1");
  }

  @Test
  void aPatchNamingAStaleResourceVersionConflictsAndOneWithoutItApplies() {
    Namespace created = client.namespaces().resource(ns("cond")).create();
    client
        .namespaces()
        .withName("cond")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"x\":\"1\"}}}");

    String stale =
        "{\"metadata\":{\"resourceVersion\":\""
            + created.getMetadata().getResourceVersion()
            + "\",\"labels\":{\"y\":\"1\"}}}";
    assertThatThrownBy(
            () ->
                client
                    .namespaces()
                    .withName("cond")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), stale))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(client.namespaces().withName("cond").get().getMetadata().getLabels())
        .containsEntry("x", "1")
        .doesNotContainKey("y");
  }

  @Test
  void watchesDeliverAddedModifiedAndDeleted() {
    List<String> events = new CopyOnWriteArrayList<>();
    try (var watch =
        client
            .namespaces()
            .withLabel("watched")
            .watch(
                new Watcher<Namespace>() {
                  @Override
                  public void eventReceived(Action action, Namespace ns) {
                    events.add(
                        action
                            + " "
                            + ns.getMetadata().getName()
                            + " "
                            + ns.getStatus().getPhase());
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName("w1")
                  .addToLabels("watched", "yes")
                  .endMetadata()
                  .build())
          .create();
      client
          .namespaces()
          .withName("w1")
          .edit(
              n -> {
                n.getMetadata().getLabels().put("more", "x");
                return n;
              });
      client.namespaces().withName("w1").delete();

      // As upstream: deleting a namespace first marks it Terminating, then removes it.
      await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 4);
      assertThat(events)
          .containsExactly(
              "ADDED w1 Active",
              "MODIFIED w1 Active",
              "MODIFIED w1 Terminating",
              "DELETED w1 Terminating");
    }
  }

  @Test
  void deletingANamespaceRefusesNewContentAndRemovesIt() {
    client.namespaces().resource(ns("gone")).create();

    client.namespaces().withName("gone").delete();

    assertThat(client.namespaces().withName("gone").get()).isNull();
  }
}
