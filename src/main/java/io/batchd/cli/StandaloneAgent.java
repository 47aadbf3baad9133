package io.batchd.cli;

import io.batchd.apiserver.security.ServerCredentials;
import io.batchd.client.ApiClient;
import io.batchd.node.NodeAgent;
import io.batchd.node.NodeAgentOptions;
import io.batchd.node.NodeCapacity;
import io.batchd.node.runtime.ProcessRuntime;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A node agent running apart from the server (the {@code agent} command): the same {@link
 * NodeAgent} over a client of a remote server, with an HTTPS log endpoint of its own that the
 * server's {@code /log} reaches through the Node's InternalIP and kubelet port.
 */
final class StandaloneAgent implements AutoCloseable {
  private final NodeAgent agent;
  private final KubeletLogServer logServer;
  private final ProcessRuntime runtime;

  private StandaloneAgent(NodeAgent agent, KubeletLogServer logServer, ProcessRuntime runtime) {
    this.agent = agent;
    this.logServer = logServer;
    this.runtime = runtime;
  }

  /**
   * @param client the remote server's API
   * @param token the bearer token the log endpoint accepts (the server sends its own)
   * @param nodeIp the address reported as the Node's InternalIP, where the server reaches the log
   *     endpoint; the endpoint listens on it
   * @param port the log endpoint's port; 0 picks a free one
   */
  static StandaloneAgent start(
      ApiClient client,
      String token,
      String nodeName,
      Path dataDir,
      String nodeIp,
      int port,
      Duration restartBackoff,
      Duration restartBackoffMax,
      Clock clock) {
    ServerCredentials tls = ServerCredentials.loadOrCreate(dataDir, List.of(nodeIp));
    AtomicReference<NodeAgent> started = new AtomicReference<>();
    KubeletLogServer logServer =
        KubeletLogServer.start(
            nodeIp,
            port,
            tls.keyCertOptions(),
            token,
            client.resources(Pod.class),
            started::get,
            clock);
    NodeCapacity capacity = NodeCapacity.ofThisMachine();
    NodeAgentOptions options =
        NodeAgentOptions.defaults(nodeName, capacity)
            .withHostIp(nodeIp)
            .withKubeletPort(logServer.port())
            .withCrashLoopBackoff(restartBackoff, restartBackoffMax);
    ProcessRuntime runtime =
        new ProcessRuntime(dataDir.resolve("pods"), capacity.asQuantities(), List.of(nodeIp));
    try {
      NodeAgent agent = new NodeAgent(client, runtime, options, clock);
      started.set(agent);
      agent.start();
      return new StandaloneAgent(agent, logServer, runtime);
    } catch (RuntimeException e) {
      logServer.close();
      runtime.close();
      throw e;
    }
  }

  NodeAgent agent() {
    return agent;
  }

  /** The port of the log endpoint. */
  int port() {
    return logServer.port();
  }

  @Override
  public void close() {
    agent.close();
    logServer.close();
    runtime.close();
  }
}
