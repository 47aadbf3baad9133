package io.batchd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.registry.ApiResources;
import io.batchd.registry.Registries;
import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.store.sqlite.SqliteStore;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
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

class SharedInformersTest {
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

  private static Namespace namespace(String name) {
    return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  /** Records the names each handler is told of, in order. */
  private static InformerHandler<Namespace> recorder(List<String> seen) {
    return new InformerHandler<>() {
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
    };
  }

  @Test
  void oneInformerPerKindServesEveryController() {
    try (SharedInformers informers = new SharedInformers(client)) {
      assertThat(informers.of(Namespace.class)).isSameAs(informers.of(Namespace.class));
    }
  }

  @Test
  void aHandlerAddedToARunningInformerIsToldOfWhatItHoldsThenOfChanges() throws Exception {
    ResourceClient<Namespace> namespaces = client.resources(Namespace.class);
    namespaces.create(namespace("before"));
    List<String> early = new CopyOnWriteArrayList<>();
    List<String> late = new CopyOnWriteArrayList<>();
    try (SharedInformers informers = new SharedInformers(client)) {
      Informer<Namespace> informer = informers.of(Namespace.class).addHandler(recorder(early));
      informers.start();
      assertThat(informer.awaitSynced(Duration.ofSeconds(10))).isTrue();
      informer.addHandler(recorder(late));
      namespaces.create(namespace("after"));
      await().atMost(Duration.ofSeconds(10)).until(() -> late.contains("add after"));
      assertThat(late).containsOnlyOnce("add before", "add after");
      assertThat(late.indexOf("add before")).isLessThan(late.indexOf("add after"));
      assertThat(early).containsOnlyOnce("add before", "add after");
    }
  }

  @Test
  void cachedObjectsCarryNoManagedFieldsAndWritingOneBackKeepsTheStoredOnes() throws Exception {
    ResourceClient<Namespace> namespaces = client.resources(Namespace.class);
    Namespace managed = namespace("managed");
    managed
        .getMetadata()
        .setManagedFields(
            List.of(
                new ManagedFieldsEntryBuilder()
                    .withManager("kubectl")
                    .withOperation("Update")
                    .withApiVersion("v1")
                    .build()));
    namespaces.create(managed);
    try (SharedInformers informers = new SharedInformers(client)) {
      Informer<Namespace> informer = informers.of(Namespace.class);
      informers.start();
      assertThat(informer.awaitSynced(Duration.ofSeconds(10))).isTrue();
      Namespace cached = informer.get(null, "managed").orElseThrow();
      assertThat(cached.getMetadata().getManagedFields()).isNull();

      Namespace changed = new NamespaceBuilder(cached).build();
      changed.getMetadata().setLabels(java.util.Map.of("seen", "yes"));
      namespaces.update(changed);

      Namespace stored = namespaces.get(null, "managed").orElseThrow();
      assertThat(stored.getMetadata().getLabels()).containsEntry("seen", "yes");
      assertThat(stored.getMetadata().getManagedFields())
          .extracting(e -> e.getManager())
          .containsExactly("kubectl");
    }
  }

  @Test
  void startingTwiceWatchesOnce() throws Exception {
    ResourceClient<Namespace> namespaces = client.resources(Namespace.class);
    List<String> seen = new CopyOnWriteArrayList<>();
    try (SharedInformers informers = new SharedInformers(client)) {
      Informer<Namespace> informer = informers.of(Namespace.class).addHandler(recorder(seen));
      informers.start();
      informer.start();
      assertThat(informer.awaitSynced(Duration.ofSeconds(10))).isTrue();
      namespaces.create(namespace("once"));
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("add once"));
      namespaces.create(namespace("marker"));
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("add marker"));
      assertThat(seen).containsOnlyOnce("add once");
    }
  }

  @Test
  void anInformerAskedForAfterStartStartsAtOnce() throws Exception {
    try (SharedInformers informers = new SharedInformers(client)) {
      informers.start();
      assertThat(informers.of(Namespace.class).awaitSynced(Duration.ofSeconds(10))).isTrue();
    }
  }
}
