package io.batchd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.registry.ApiResources;
import io.batchd.registry.Registries;
import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.store.sqlite.SqliteStore;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventRecorderTest {
  @TempDir Path dir;
  private SqliteStore store;
  private Registries registries;
  private ApiClient client;
  private EventRecorder recorder;

  @BeforeEach
  void start() {
    store = SqliteStore.open(dir.resolve("store.db"), SqliteOptions.defaults());
    registries = ApiResources.register(new Registries(store, Clock.systemUTC()));
    registries.bootstrap();
    client = new InProcessClient(registries);
    recorder = new EventRecorder(client, "test-controller", "host-1", Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    recorder.close();
    registries.close();
    store.close();
  }

  private List<Event> events() {
    return client.resources(Event.class).list("default", Selectors.ALL).items();
  }

  @Test
  void recordsAnEventAboutTheObjectAndCountsRepeats() {
    Namespace involved =
        client
            .resources(Namespace.class)
            .create(
                new NamespaceBuilder().withNewMetadata().withName("subject").endMetadata().build());
    recorder.normal(involved, "Tested", "it works");
    recorder.normal(involved, "Tested", "it works");
    recorder.warning(involved, "Broken", "it does not");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events())
                    .extracting(Event::getReason, Event::getCount)
                    .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("Tested", 2),
                        org.assertj.core.groups.Tuple.tuple("Broken", 1)));
    Event tested =
        events().stream().filter(e -> e.getReason().equals("Tested")).findFirst().orElseThrow();
    assertThat(tested.getInvolvedObject().getKind()).isEqualTo("Namespace");
    assertThat(tested.getInvolvedObject().getUid()).isEqualTo(involved.getMetadata().getUid());
    assertThat(tested.getSource().getComponent()).isEqualTo("test-controller");
    assertThat(tested.getSource().getHost()).isEqualTo("host-1");
    assertThat(tested.getMetadata().getName()).startsWith("subject.");
    assertThat(tested.getType()).isEqualTo("Normal");
  }
}
