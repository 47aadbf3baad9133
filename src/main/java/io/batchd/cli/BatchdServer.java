package io.batchd.cli;

import io.batchd.api.ServerVersion;
import io.batchd.apiserver.ApiServer;
import io.batchd.apiserver.ServingOptions;
import io.batchd.client.ApiClient;
import io.batchd.client.InProcessClient;
import io.batchd.controller.job.JobControllerOptions;
import io.batchd.controller.leader.LeaderElectionOptions;
import io.batchd.node.NodeAgent;
import io.batchd.node.NodeAgentOptions;
import io.batchd.node.NodeCapacity;
import io.batchd.node.runtime.ProcessRuntime;
import io.batchd.registry.ApiResources;
import io.batchd.registry.Registries;
import io.batchd.registry.StoreHealth;
import io.batchd.store.Store;
import io.fabric8.kubernetes.api.model.Node;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * One batchd server assembled from its parts: the registries on a store, the API server, the
 * controllers and, unless told otherwise, a node agent of its own, all talking through the
 * in-process client. The {@code server} command starts one; so do tests that want everything in
 * their own process.
 */
public final class BatchdServer implements AutoCloseable {
  private final Registries registries;
  private final ApiClient client;
  private final NodeAgent agent;
  private final ApiServer api;
  private final Workloads workloads;
  private final Clock clock;
  private final LeaderElectionOptions election;
  private volatile ElectedControllers controllers;
  private boolean workloadsStarted;

  private BatchdServer(
      Registries registries,
      ApiClient client,
      NodeAgent agent,
      ApiServer api,
      Workloads workloads,
      Clock clock,
      LeaderElectionOptions election) {
    this.registries = registries;
    this.client = client;
    this.agent = agent;
    this.api = api;
    this.workloads = workloads;
    this.clock = clock;
    this.election = election;
  }

  /**
   * Starts serving on {@code store}; the caller keeps ownership of the store and closes it after
   * the server.
   *
   * @param dataDir where the node agent keeps the pods' directories
   */
  public static BatchdServer start(
      Store store, ServingOptions serving, Path dataDir, Workloads workloads, Clock clock) {
    return start(store, serving, dataDir, workloads, clock, LeaderElectionOptions.disabled());
  }

  /**
   * Starts serving on {@code store}, running the controllers only while this server is the leader
   * when {@code election} is enabled (servers sharing etcd).
   */
  public static BatchdServer start(
      Store store,
      ServingOptions serving,
      Path dataDir,
      Workloads workloads,
      Clock clock,
      LeaderElectionOptions election) {
    return serve(store, () -> serving, dataDir, workloads, clock, election).startWorkloads();
  }

  /**
   * The first half of {@link #start}: the registries and the API server, serving when this returns;
   * {@link #startWorkloads} starts the rest. The {@code server} command writes its kubeconfig in
   * between, so that a client can begin while the controllers and the node agent start.
   *
   * @param servingOptions asked once, just before the API server starts: the {@code server} command
   *     loads or makes its TLS credentials meanwhile
   */
  static BatchdServer serve(
      Store store,
      Supplier<ServingOptions> servingOptions,
      Path dataDir,
      Workloads workloads,
      Clock clock,
      LeaderElectionOptions election) {
    Registries registries = ApiResources.register(new Registries(store, clock));
    registries.bootstrap();
    ApiClient client = new InProcessClient(registries);
    NodeAgent agent = workloads.localNode() ? localAgent(client, dataDir, workloads, clock) : null;
    ServingOptions serving = servingOptions.get();
    ApiServer api =
        ApiServer.start(
            serving,
            registries,
            new StoreHealth(store),
            ServerVersion.current(),
            clock,
            new AgentLogSource(
                agent, new RemoteAgentLogs(client.resources(Node.class), serving.token()), clock));
    return new BatchdServer(registries, client, agent, api, workloads, clock, election);
  }

  /** Starts the controllers (unless turned off) and the local node agent (if any); once. */
  synchronized BatchdServer startWorkloads() {
    if (workloadsStarted) {
      throw new IllegalStateException("the workloads were started already");
    }
    workloadsStarted = true;
    if (workloads.controllers()) {
      controllers =
          ElectedControllers.start(
              client,
              clock,
              JobControllerOptions.defaults()
                  .withPodFailureBackoff(
                      workloads.podFailureBackoff(), workloads.podFailureBackoffMax()),
              election);
    }
    if (agent != null) {
      agent.start();
    }
    return this;
  }

  private static NodeAgent localAgent(
      ApiClient client, Path dataDir, Workloads workloads, Clock clock) {
    String name = workloads.nodeName() != null ? workloads.nodeName() : NodeNames.ofThisHost();
    NodeCapacity capacity = NodeCapacity.ofThisMachine();
    NodeAgentOptions options =
        NodeAgentOptions.defaults(name, capacity)
            .withCrashLoopBackoff(
                workloads.containerRestartBackoff(), workloads.containerRestartBackoffMax());
    ProcessRuntime runtime =
        new ProcessRuntime(
            dataDir.resolve("pods"), capacity.asQuantities(), List.of(options.hostIp()));
    return new NodeAgent(client, runtime, options, clock);
  }

  public int port() {
    return api.port();
  }

  public int insecurePort() {
    return api.insecurePort();
  }

  /** Whether this server runs the controllers now (always, without leader election). */
  public boolean runsControllers() {
    return controllers != null && controllers.running();
  }

  /** This server's identity in the controllers' Lease; null without leader election. */
  public String leaderIdentity() {
    return controllers == null ? null : controllers.identity();
  }

  public Registries registries() {
    return registries;
  }

  public ApiClient client() {
    return client;
  }

  @Override
  public void close() {
    if (agent != null) {
      agent.close();
    }
    if (controllers != null) {
      controllers.close();
    }
    api.close();
    registries.close();
  }
}
