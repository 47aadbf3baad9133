package io.batchd.controller.ttl;

import io.batchd.api.errors.StatusException;
import io.batchd.client.ApiClient;
import io.batchd.client.Informer;
import io.batchd.client.InformerHandler;
import io.batchd.client.ResourceClient;
import io.batchd.client.SharedInformers;
import io.batchd.client.WorkQueue;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Preconditions;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes finished Jobs once their {@code ttlSecondsAfterFinished} has passed, with their pods
 * (propagation Foreground: its pods go first), as upstream's controller does. Before deleting it
 * reads the Job again from the server, so a TTL changed meanwhile is honoured, and deletes only
 * that very version.
 */
public final class TtlAfterFinishedController implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TtlAfterFinishedController.class);

  private final ResourceClient<Job> jobs;
  private final SharedInformers informers;
  private final boolean ownInformers;
  private final Informer<Job> informer;
  private final Clock clock;
  private final WorkQueue<String> queue =
      new WorkQueue<>("ttl-after-finished", Duration.ofMillis(5), Duration.ofSeconds(60));

  public TtlAfterFinishedController(ApiClient client, Clock clock) {
    this(client, clock, null);
  }

  /** The same reading Jobs from the process's shared informers (null: its own). */
  public TtlAfterFinishedController(ApiClient client, Clock clock, SharedInformers shared) {
    this.ownInformers = shared == null;
    this.informers = shared == null ? new SharedInformers(client) : shared;
    this.jobs = client.resources(Job.class);
    this.clock = clock;
    this.informer = informers.of(Job.class);
  }

  public TtlAfterFinishedController start() {
    informer.addHandler(
        new InformerHandler<>() {
          @Override
          public void onAdd(Job job) {
            consider(job);
          }

          @Override
          public void onUpdate(Job old, Job job) {
            consider(job);
          }
        });
    if (ownInformers) {
      informers.start();
    }
    Thread.ofVirtual().name("ttl-after-finished").start(this::work);
    return this;
  }

  private void consider(Job job) {
    if (TtlExpiry.remaining(job, clock.instant()).isPresent()) {
      queue.add(Informer.key(job));
    }
  }

  private void work() {
    queue.work(
        key -> {
          process(key);
          return false;
        },
        (key, e) -> log.warn("ttl-after-finished: {}: {}", key, e.getMessage()));
  }

  private void process(String key) {
    String[] parts = key.split("/", 2);
    Optional<Job> cached = informer.get(parts[0], parts[1]);
    if (cached.isEmpty() || !due(cached.get(), key)) {
      return;
    }
    // The cache may be behind: check the latest version before deleting anything.
    Optional<Job> fresh = jobs.get(parts[0], parts[1]);
    if (fresh.isEmpty() || !due(fresh.get(), key)) {
      return;
    }
    Job job = fresh.get();
    DeleteOptions options = new DeleteOptions();
    options.setPropagationPolicy("Foreground");
    options.setPreconditions(
        new Preconditions(job.getMetadata().getResourceVersion(), job.getMetadata().getUid()));
    try {
      jobs.delete(parts[0], parts[1], options);
      log.info("deleted job {} after its ttlSecondsAfterFinished", key);
    } catch (StatusException e) {
      if (e.code() != 409) {
        throw e;
      }
      queue.add(key); // changed meanwhile: look again
    }
  }

  /** Whether the job has expired now; if it will later, it is queued for then. */
  private boolean due(Job job, String key) {
    Optional<Duration> left = TtlExpiry.remaining(job, clock.instant());
    if (left.isEmpty()) {
      return false;
    }
    if (!left.get().isZero()) {
      queue.addAfter(key, left.get());
      return false;
    }
    return true;
  }

  @Override
  public void close() {
    queue.close();
    if (ownInformers) {
      informers.close();
    }
  }
}
