package io.batchd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.registry.ApiResources;
import io.batchd.registry.Registries;
import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.store.sqlite.SqliteStore;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InformerTest {
  @TempDir Path dir;
  private SqliteStore store;
  private Registries registries;
  private ApiClient client;

  @BeforeEach
  void start() {
    store = SqliteStore.open(dir.resolve("store.db"), SqliteOptions.defaults());
    registries = ApiResources.register(new Registries(store, Clock.systemUTC()));
    registries.bootstrap();
    client = new InProcessClient(registries);
  }

  @AfterEach
  void stop() {
    registries.close();
    store.close();
  }

  private static Namespace namespace(String name, String team) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("team", team)
        .endMetadata()
        .build();
  }

  @Test
  void deliversTheListThenEachChangeInOrder() throws Exception {
    ResourceClient<Namespace> namespaces = client.resources(Namespace.class);
    namespaces.create(namespace("before", "a"));
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Informer<Namespace> informer =
        new Informer<>(namespaces, null, Selectors.labels("team=a"), "ns")
            .addHandler(
                new InformerHandler<>() {
                  @Override
                  public void onAdd(Namespace ns) {
                    seen.add("add " + ns.getMetadata().getName());
                  }

                  @Override
                  public void onUpdate(Namespace old, Namespace ns) {
                    seen.add("update " + ns.getMetadata().getName());
                  }

                  @Override
                  public void onDelete(Namespace ns) {
                    seen.add("delete " + ns.getMetadata().getName());
                  }
                })
            .start()) {
      assertThat(informer.awaitSynced(Duration.ofSeconds(10))).isTrue();
      namespaces.create(namespace("other-team", "b"));
      namespaces.create(namespace("after", "a"));
      namespaces.edit(
          null,
          "after",
          ns -> {
            ns.getMetadata().getLabels().put("x", "y");
            return ns;
          },
          false);
      registries.deleteNamespace("before", false);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(seen)
                      .containsSubsequence("add before", "add after", "update after")
                      .doesNotContain("add other-team"));
      assertThat(informer.get(null, "after")).isPresent();
      assertThat(informer.get(null, "other-team")).isEmpty();
    }
  }

  @Test
  void editRetriesOnAConcurrentWrite() {
    ResourceClient<Namespace> namespaces = client.resources(Namespace.class);
    namespaces.create(namespace("contended", "a"));
    int[] calls = {0};
    Namespace written =
        namespaces
            .edit(
                null,
                "contended",
                ns -> {
                  if (calls[0]++ == 0) {
                    // Someone else writes between our read and our write.
                    namespaces.edit(
                        null,
                        "contended",
                        other -> {
                          other.getMetadata().getLabels().put("other", "1");
                          return other;
                        },
                        false);
                  }
                  ns.getMetadata().getLabels().put("mine", "1");
                  return ns;
                },
                false)
            .orElseThrow();
    assertThat(calls[0]).isEqualTo(2);
    assertThat(written.getMetadata().getLabels())
        .containsEntry("mine", "1")
        .containsEntry("other", "1");
  }
}
