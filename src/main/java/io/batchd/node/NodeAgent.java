package io.batchd.node;

import io.batchd.api.errors.StatusException;
import io.batchd.client.ApiClient;
import io.batchd.client.EventRecorder;
import io.batchd.client.Informer;
import io.batchd.client.InformerHandler;
import io.batchd.client.ResourceClient;
import io.batchd.client.Selectors;
import io.batchd.node.runtime.ContainerRuntime;
import io.batchd.node.runtime.ResourceEnforcement;
import io.batchd.node.runtime.SpawnInfo;
import io.batchd.node.runtime.SpawnMechanism;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's role: registers this machine as a Node, keeps its Lease fresh, and carries out
 * every pod bound to it with the container runtime, reporting each pod's status through the API. It
 * reaches the API only through the client, in-process or over HTTP alike.
 */
public final class NodeAgent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);
  private static final Duration STATUS_PERIOD = Duration.ofMinutes(1);

  private final ApiClient client;
  private final ContainerRuntime runtime;
  private final NodeAgentOptions options;
  private final Clock clock;
  private final NodeDescription description;
  private final PodWorkers workers;
  private final PodLogs logs;
  private final EventRecorder events;
  private final ScheduledExecutorService heartbeat;
  private Informer<Pod> pods;
  private volatile Node node;

  public NodeAgent(
      ApiClient client, ContainerRuntime runtime, NodeAgentOptions options, Clock clock) {
    this.client = client;
    this.runtime = runtime;
    this.options = options;
    this.clock = clock;
    ResourceEnforcement enforcement = runtime.resourceEnforcement();
    if (!enforcement.memory() || !enforcement.cpu()) {
      log.warn(
          "container resource limits are not enforced on this node: {}", enforcement.message());
    }
    this.events = new EventRecorder(client, "kubelet", options.nodeName(), clock);
    SpawnInfo spawn = runtime.spawnInfo();
    if (spawn.mechanism() == SpawnMechanism.POSIX_SPAWN) {
      log.info("{}", spawn.message());
    } else {
      log.warn("{}", spawn.message());
    }
    this.description = new NodeDescription(options, runtime.name(), enforcement, spawn);
    this.workers =
        new PodWorkers(
            new PodWorkerContext(
                client.resources(Pod.class),
                runtime,
                options,
                clock,
                events,
                new io.batchd.node.probes.Prober("127.0.0.1")));
    this.logs = new PodLogs(workers);
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("node-heartbeat").factory());
  }

  public String nodeName() {
    return options.nodeName();
  }

  /** Registers the node, starts the heartbeat and begins running the pods bound to it. */
  public NodeAgent start() {
    node = register();
    NodeLease lease = new NodeLease(client.resources(Lease.class), options, clock);
    lease.renew(node);
    long period = Math.max(1, options.leaseDuration().toMillis() / 4);
    heartbeat.scheduleWithFixedDelay(
        () -> {
          try {
            lease.renew(node);
          } catch (RuntimeException e) {
            log.warn(
                "could not renew the lease of node {}: {}", options.nodeName(), e.getMessage());
          }
        },
        period,
        period,
        TimeUnit.MILLISECONDS);
    // The node's status is posted again each minute, as the kubelet reports it at least every
    // few minutes: it restores Ready after the node lifecycle controller marked the node lost.
    heartbeat.scheduleWithFixedDelay(
        () -> {
          try {
            node = register();
          } catch (RuntimeException e) {
            log.warn(
                "could not post the status of node {}: {}", options.nodeName(), e.getMessage());
          }
        },
        STATUS_PERIOD.toMillis(),
        STATUS_PERIOD.toMillis(),
        TimeUnit.MILLISECONDS);
    pods =
        new Informer<>(
                client.resources(Pod.class),
                null,
                Selectors.fields("spec.nodeName=" + options.nodeName()),
                "pods-on-" + options.nodeName())
            .addHandler(
                new InformerHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    workers.changed(pod);
                  }

                  @Override
                  public void onUpdate(Pod old, Pod pod) {
                    workers.changed(pod);
                  }

                  @Override
                  public void onDelete(Pod pod) {
                    workers.deleted(pod);
                  }
                })
            .start();
    return this;
  }

  /** Waits until the agent has seen the pods bound to it. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return pods.awaitSynced(timeout);
  }

  /**
   * Streams the log of a container of a pod bound to this node into {@code sink}.
   *
   * @param previous the attempt before the current one, as {@code kubectl logs --previous}
   * @throws io.batchd.api.errors.StatusException 400 when the container has not started
   */
  public void streamLog(
      Pod pod,
      String container,
      boolean previous,
      io.batchd.node.logs.LogOptions options,
      io.batchd.node.logs.LogSink sink)
      throws InterruptedException {
    logs.stream(pod, container, previous, options, sink);
  }

  private Node register() {
    ResourceClient<Node> nodes = client.resources(Node.class);
    Optional<Node> existing = nodes.get(null, options.nodeName());
    if (existing.isEmpty()) {
      try {
        nodes.create(description.newNode());
      } catch (StatusException e) {
        if (e.code() != 409) {
          throw e;
        }
      }
    }
    return nodes
        .edit(
            null,
            options.nodeName(),
            n -> {
              n.setStatus(description.status(n.getStatus(), clock.instant()));
              return n;
            },
            true)
        .orElseThrow(() -> new IllegalStateException("node " + options.nodeName() + " vanished"));
  }

  @Override
  public void close() {
    heartbeat.shutdownNow();
    if (pods != null) {
      pods.close();
    }
    workers.close();
    events.close();
  }
}
