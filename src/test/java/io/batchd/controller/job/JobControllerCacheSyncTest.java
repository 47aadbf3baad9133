package io.batchd.controller.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.client.ApiClient;
import io.batchd.client.InProcessClient;
import io.batchd.client.ResourceClient;
import io.batchd.client.Selectors;
import io.batchd.registry.ApiResources;
import io.batchd.registry.Registries;
import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.store.sqlite.SqliteStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller that starts over existing Jobs and pods (a restarted server) syncs no Job before its
 * pod cache holds the pods: a sync over an empty pod list would create every active pod again.
 */
class JobControllerCacheSyncTest {
  @TempDir Path dir;
  private SqliteStore store;
  private Registries registries;
  private InProcessClient client;

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

  @Test
  void aRestartedControllerWaitsForItsPodCacheBeforeSyncingJobs() throws Exception {
    ResourceClient<Job> jobs = client.resources(Job.class);
    ResourceClient<Pod> pods = client.resources(Pod.class);
    Job job = jobs.create(indexedJob());
    // The pods an earlier run of the controller created, as it created them.
    JobSyncResult first =
        new JobSync(JobControllerOptions.defaults())
            .sync(JobSyncInput.of(job, java.util.List.of(), Clock.systemUTC().instant()));
    assertThat(first.podsToCreate()).hasSize(2);
    first.podsToCreate().forEach(pods::create);

    // The pod list of the restarted controller is held back until it creates a pod (the bug) or
    // a second has passed.
    CountDownLatch podListMayGo = new CountDownLatch(1);
    ApiClient gated = new GatedPodList(client, podListMayGo);
    try (JobController controller =
        new JobController(
                gated, JobControllerOptions.defaults(), Clock.systemUTC(), 2, Duration.ofMillis(10))
            .start()) {
      podListMayGo.await(1, TimeUnit.SECONDS);
      podListMayGo.countDown();
      assertThat(controller.awaitSynced(Duration.ofSeconds(10))).isTrue();
      await("the job synced with its pods")
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> jobs.get("default", job.getMetadata().getName()).orElseThrow().getStatus(),
              s -> s.getActive() != null && s.getActive() == 2);
      assertThat(pods.list("default", Selectors.ALL).items().size())
          .as("pods of the job")
          .isEqualTo(2);
    }
  }

  private static Job indexedJob() {
    return new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
        .withNewMetadata()
        .withName("restarted")
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withCompletionMode("Indexed")
        .withCompletions(2)
        .withParallelism(2)
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

  /** The client with a pod list that waits for a latch; a pod creation opens the latch. */
  private static final class GatedPodList implements ApiClient {
    private final ApiClient delegate;
    private final CountDownLatch latch;

    GatedPodList(ApiClient delegate, CountDownLatch latch) {
      this.delegate = delegate;
      this.latch = latch;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> ResourceClient<T> resources(Class<T> type) {
      ResourceClient<T> real = delegate.resources(type);
      if (type != Pod.class) {
        return real;
      }
      return (ResourceClient<T>)
          Proxy.newProxyInstance(
              ResourceClient.class.getClassLoader(),
              new Class<?>[] {ResourceClient.class},
              (proxy, method, args) -> {
                if (method.getName().equals("list")) {
                  latch.await(10, TimeUnit.SECONDS);
                } else if (method.getName().equals("create")) {
                  latch.countDown();
                }
                try {
                  return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    @Override
    public void close() {}
  }
}
