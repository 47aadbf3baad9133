package io.batchd.cli;

import io.batchd.client.ApiClient;
import io.batchd.controller.job.JobControllerOptions;
import io.batchd.controller.leader.LeaderCallbacks;
import io.batchd.controller.leader.LeaderElectionOptions;
import io.batchd.controller.leader.LeaderElector;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Clock;
import java.util.UUID;

/**
 * The controllers of a server that may share its store with others: they run only while this
 * process holds the {@code kube-system/batchd-controllers} Lease, and stop when it loses the Lease,
 * while the process keeps serving the API (kube-controller-manager exits instead; a server that
 * also serves the API and runs a node agent should not). Without leader election they run at once.
 */
final class ElectedControllers implements AutoCloseable {
  private final ApiClient client;
  private final Clock clock;
  private final JobControllerOptions jobOptions;
  private final LeaderElector elector;
  private Controllers running;

  private ElectedControllers(
      ApiClient client,
      Clock clock,
      JobControllerOptions jobOptions,
      LeaderElectionOptions election) {
    this.client = client;
    this.clock = clock;
    this.jobOptions = jobOptions;
    this.elector =
        election.enabled()
            ? new LeaderElector(
                client.resources(Lease.class),
                election,
                NodeNames.ofThisHost() + "_" + UUID.randomUUID(),
                clock,
                new LeaderCallbacks() {
                  @Override
                  public void startedLeading() {
                    startControllers();
                  }

                  @Override
                  public void stoppedLeading() {
                    stopControllers();
                  }
                })
            : null;
  }

  static ElectedControllers start(
      ApiClient client,
      Clock clock,
      JobControllerOptions jobOptions,
      LeaderElectionOptions election) {
    ElectedControllers controllers = new ElectedControllers(client, clock, jobOptions, election);
    if (controllers.elector == null) {
      controllers.startControllers();
    } else {
      controllers.elector.start();
    }
    return controllers;
  }

  private synchronized void startControllers() {
    if (running == null) {
      running = Controllers.start(client, clock, jobOptions);
    }
  }

  private synchronized void stopControllers() {
    if (running != null) {
      running.close();
      running = null;
    }
  }

  synchronized boolean running() {
    return running != null;
  }

  /** This process's identity in the Lease; null without leader election. */
  String identity() {
    return elector == null ? null : elector.identity();
  }

  @Override
  public void close() {
    if (elector != null) {
      elector.close();
    }
    stopControllers();
  }
}
