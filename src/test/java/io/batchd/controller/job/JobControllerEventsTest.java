package io.batchd.controller.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.api.errors.StatusException;
import io.batchd.client.ApiClient;
import io.batchd.client.InProcessClient;
import io.batchd.client.Listing;
import io.batchd.client.ResourceClient;
import io.batchd.client.Selectors;
import io.batchd.client.Subscription;
import io.batchd.client.WatchHandler;
import io.batchd.registry.ApiResources;
import io.batchd.registry.Registries;
import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.store.sqlite.SqliteStore;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconciler records Suspended and Resumed once, even when a status write conflicts. */
class JobControllerEventsTest {
  @TempDir Path dir;
  private SqliteStore store;
  private Registries registries;
  private ResourceClient<Job> jobs;
  private ResourceClient<Event> events;
  private JobController controller;

  /** How many Job status writes of the controller are still to fail with a conflict. */
  private final AtomicInteger conflictsToInject = new AtomicInteger();

  @BeforeEach
  void start() {
    store = SqliteStore.open(dir.resolve("store.db"), SqliteOptions.defaults());
    registries = ApiResources.register(new Registries(store, Clock.systemUTC()));
    registries.bootstrap();
    InProcessClient client = new InProcessClient(registries);
    jobs = client.resources(Job.class);
    events = client.resources(Event.class);
    controller =
        new JobController(
                new ConflictingStatusWrites(client),
                JobControllerOptions.defaults(),
                Clock.systemUTC(),
                2,
                Duration.ofMillis(10))
            .start();
  }

  @AfterEach
  void stop() {
    controller.close();
    registries.close();
    store.close();
  }

  @Test
  void aResumeWhoseStatusWriteConflictsIsRecordedOnce() {
    jobs.create(suspendedJob());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(count("Suspended")).as(this::describe).isEqualTo(1));

    conflictsToInject.set(1);
    setSuspend(false);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "False".equals(suspendedStatus()) && conflictsToInject.get() == 0);
    setSuspend(true);
    // Events are written in order: once the second Suspended is there, every Resumed is too.
    await().atMost(Duration.ofSeconds(10)).until(() -> count("Suspended") == 2);

    assertThat(count("Resumed")).isEqualTo(1);
  }

  private String describe() {
    return jobs.get("default", "s") + "\n" + events.list("default", Selectors.ALL).items();
  }

  private void setSuspend(boolean suspend) {
    jobs.edit(
        "default",
        "s",
        j -> {
          j.getSpec().setSuspend(suspend);
          return j;
        },
        false);
  }

  private String suspendedStatus() {
    return jobs.get("default", "s").orElseThrow().getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Suspended"))
        .map(c -> c.getStatus())
        .findFirst()
        .orElse(null);
  }

  /** The count of the Job's event with this reason, 0 if there is none. */
  private int count(String reason) {
    return events.list("default", Selectors.ALL).items().stream()
        .filter(e -> e.getReason().equals(reason))
        .mapToInt(e -> e.getCount() == null ? 1 : e.getCount())
        .sum();
  }

  private static Job suspendedJob() {
    return new JobBuilder()
        .withNewMetadata()
        .withName("s")
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withSuspend(true)
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("c")
        .withImage("busybox")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The in-process client, except that the next Job status writes fail with a 409. */
  private final class ConflictingStatusWrites implements ApiClient {
    private final ApiClient delegate;

    ConflictingStatusWrites(ApiClient delegate) {
      this.delegate = delegate;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> ResourceClient<T> resources(Class<T> type) {
      ResourceClient<T> real = delegate.resources(type);
      if (type != Job.class) {
        return real;
      }
      return (ResourceClient<T>) new ConflictingJobs((ResourceClient<Job>) real);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  private final class ConflictingJobs implements ResourceClient<Job> {
    private final ResourceClient<Job> real;

    ConflictingJobs(ResourceClient<Job> real) {
      this.real = real;
    }

    @Override
    public Optional<Job> get(String namespace, String name) {
      return real.get(namespace, name);
    }

    @Override
    public Listing<Job> list(String namespace, Selectors selectors) {
      return real.list(namespace, selectors);
    }

    @Override
    public Job create(Job object) {
      return real.create(object);
    }

    @Override
    public Job update(Job object) {
      return real.update(object);
    }

    @Override
    public Job updateStatus(Job object) {
      if (conflictsToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw StatusException.conflict("batch", "jobs", object.getMetadata().getName());
      }
      return real.updateStatus(object);
    }

    @Override
    public boolean delete(String namespace, String name, DeleteOptions options) {
      return real.delete(namespace, name, options);
    }

    @Override
    public void post(String namespace, String name, String subresource, HasMetadata body) {
      real.post(namespace, name, subresource, body);
    }

    @Override
    public Subscription watch(
        String namespace, Selectors selectors, String resourceVersion, WatchHandler<Job> handler) {
      return real.watch(namespace, selectors, resourceVersion, handler);
    }
  }
}
