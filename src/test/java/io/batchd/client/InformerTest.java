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

  @Test
  @SuppressWarnings("unchecked")
  void listsInPagesAndHoldsEveryObjectOfEveryPage() throws Exception {
    ResourceClient<Namespace> namespaces = client.resources(Namespace.class);
    int count = 2 * Informer.LIST_PAGE + 7;
    for (int i = 0; i < count; i++) {
      namespaces.create(namespace("ns-" + i, "a"));
    }
    List<String> tokens = new CopyOnWriteArrayList<>();
    ResourceClient<Namespace> counting =
        (ResourceClient<Namespace>)
            java.lang.reflect.Proxy.newProxyInstance(
                ResourceClient.class.getClassLoader(),
                new Class<?>[] {ResourceClient.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("listPage")) {
                    tokens.add(String.valueOf(args[3]));
                  }
                  return method.invoke(namespaces, args);
                });
    try (Informer<Namespace> informer =
        new Informer<>(counting, null, Selectors.labels("team=a"), "paged").start()) {
      assertThat(informer.awaitSynced(Duration.ofSeconds(30))).isTrue();
      assertThat(informer.list()).hasSize(count);
      assertThat(informer.get(null, "ns-" + (count - 1))).isPresent();
    }
    // Three pages: the first without a token, the next two each with the token of the one before.
    assertThat(tokens).hasSize(3);
    assertThat(tokens.get(0)).isEqualTo("null");
    assertThat(tokens.subList(1, 3)).doesNotContain("null").doesNotHaveDuplicates();
  }

  @Test
  void keepsWhatItsPackingChoosesAsJsonAndReadsItBackOnEachUse() throws Exception {
    ResourceClient<Namespace> namespaces = client.resources(Namespace.class);
    namespaces.create(namespace("packed", "cold"));
    namespaces.create(namespace("held", "hot"));
    List<String> seen = new CopyOnWriteArrayList<>();
    Informer.Packing<Namespace> cold =
        new Informer.Packing<>(
            ns -> "cold".equals(ns.getMetadata().getLabels().get("team")), Namespace.class);
    try (Informer<Namespace> informer =
        new Informer<>(namespaces, null, Selectors.ALL, "packing", n -> n, cold)
            .addHandler(
                new InformerHandler<>() {
                  @Override
                  public void onAdd(Namespace ns) {
                    seen.add("add " + ns.getMetadata().getName());
                  }

                  @Override
                  public void onUpdate(Namespace old, Namespace ns) {
                    seen.add(
                        "update "
                            + old.getMetadata().getName()
                            + " "
                            + old.getMetadata().getLabels().get("team")
                            + "->"
                            + ns.getMetadata().getLabels().get("team"));
                  }

                  @Override
                  public void onDelete(Namespace ns) {}
                })
            .start()) {
      assertThat(informer.awaitSynced(Duration.ofSeconds(10))).isTrue();
      assertThat(seen).contains("add packed", "add held");

      Namespace first = informer.get(null, "packed").orElseThrow();
      Namespace second = informer.get(null, "packed").orElseThrow();
      assertThat(first).isEqualTo(second).isNotSameAs(second);
      assertThat(first.getMetadata().getResourceVersion()).isNotNull();
      assertThat(informer.get(null, "held").orElseThrow())
          .isSameAs(informer.get(null, "held").orElseThrow());
      assertThat(informer.listUnpacked(ns -> true))
          .extracting(ns -> ns.getMetadata().getName())
          .contains("held")
          .doesNotContain("packed");
      assertThat(informer.list())
          .extracting(ns -> ns.getMetadata().getName())
          .contains("held", "packed");

      // A change of a packed object reaches the handlers with the old version read back.
      Namespace warmed = new NamespaceBuilder(first).build();
      warmed.getMetadata().getLabels().put("team", "hot");
      namespaces.update(warmed);
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("update packed cold->hot"));
      assertThat(informer.listUnpacked(ns -> true))
          .extracting(ns -> ns.getMetadata().getName())
          .contains("packed");
    }
  }
}
