package io.batchd.cli;

import io.batchd.client.ApiClient;
import io.batchd.client.SharedInformers;
import io.batchd.controller.cloudrun.CloudRunController;
import io.batchd.controller.gc.GarbageCollector;
import io.batchd.controller.job.JobController;
import io.batchd.controller.job.JobControllerOptions;
import io.batchd.controller.nodelifecycle.NodeLifecycleController;
import io.batchd.controller.scheduler.Scheduler;
import io.batchd.controller.ttl.TtlAfterFinishedController;
import java.time.Clock;
import java.time.Duration;

/**
 * The controllers a server runs: scheduler, Job, TTL-after-finished, garbage collector, node
 * lifecycle and Cloud Run.
 */
final class Controllers implements AutoCloseable {
  /** Jobs synced at once, as upstream's default of five concurrent Job syncs. */
  private static final int JOB_WORKERS = 5;

  /** Objects the garbage collector looks at in parallel. */
  private static final int GC_WORKERS = 4;

  /**
   * How long a pod change waits for others before its Job is synced. Upstream waits 1 s, which
   * bounds a Job to one wave of pods per second; a few milliseconds coalesce as well on one
   * machine.
   */
  private static final Duration POD_EVENT_DELAY = Duration.ofMillis(10);

  private final SharedInformers informers;
  private final Scheduler scheduler;
  private final JobController jobs;
  private final TtlAfterFinishedController ttl;
  private final NodeLifecycleController nodes;
  private final GarbageCollector gc;
  private final CloudRunController cloudRun;

  /** How long a node's Lease may go unrenewed before the node counts as lost (upstream: 40 s). */
  private static final Duration NODE_MONITOR_GRACE = Duration.ofSeconds(40);

  private Controllers(
      SharedInformers informers,
      Scheduler scheduler,
      JobController jobs,
      TtlAfterFinishedController ttl,
      NodeLifecycleController nodes,
      GarbageCollector gc,
      CloudRunController cloudRun) {
    this.informers = informers;
    this.scheduler = scheduler;
    this.jobs = jobs;
    this.ttl = ttl;
    this.nodes = nodes;
    this.gc = gc;
    this.cloudRun = cloudRun;
  }

  static Controllers start(ApiClient client, Clock clock, JobControllerOptions options) {
    // One informer per kind for all controllers: each pod, Job and node is decoded and held once.
    SharedInformers informers = new SharedInformers(client);
    Controllers controllers =
        new Controllers(
            informers,
            new Scheduler(client, clock, informers).start(),
            new JobController(client, options, clock, JOB_WORKERS, POD_EVENT_DELAY, informers)
                .start(),
            new TtlAfterFinishedController(client, clock, informers).start(),
            new NodeLifecycleController(client, clock, NODE_MONITOR_GRACE, informers).start(),
            new GarbageCollector(client, GC_WORKERS, informers).start(),
            new CloudRunController(client, clock, informers).start());
    informers.start();
    return controllers;
  }

  @Override
  public void close() {
    cloudRun.close();
    nodes.close();
    gc.close();
    ttl.close();
    jobs.close();
    scheduler.close();
    informers.close();
  }
}
