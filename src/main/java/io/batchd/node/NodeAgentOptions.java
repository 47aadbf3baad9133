package io.batchd.node;

import java.time.Duration;

/**
 * How a node agent presents itself and paces its work.
 *
 * @param nodeName the Node's name (the host name by default)
 * @param hostIp the address reported as the node's InternalIP and as each pod's IP, since processes
 *     share the host's network
 * @param capacity what the node offers to the scheduler
 * @param leaseDuration the node lease's duration; it is renewed every quarter of it, as the kubelet
 *     does
 * @param crashLoopBackoffBase the first restart delay of a crashing container (10 s upstream)
 * @param crashLoopBackoffMax the longest restart delay (5 min upstream)
 * @param kubeletPort the port on which the agent serves its pods' logs to the API server, reported
 *     as the Node's {@code status.daemonEndpoints.kubeletEndpoint.Port}; 0 when it serves none (the
 *     server's own agent, read in-process)
 */
public record NodeAgentOptions(
    String nodeName,
    String hostIp,
    NodeCapacity capacity,
    Duration leaseDuration,
    Duration crashLoopBackoffBase,
    Duration crashLoopBackoffMax,
    int kubeletPort) {

  public static NodeAgentOptions defaults(String nodeName, NodeCapacity capacity) {
    return new NodeAgentOptions(
        nodeName,
        "127.0.0.1",
        capacity,
        Duration.ofSeconds(40),
        Duration.ofSeconds(10),
        Duration.ofMinutes(5),
        0);
  }

  public NodeAgentOptions withCrashLoopBackoff(Duration base, Duration max) {
    return new NodeAgentOptions(nodeName, hostIp, capacity, leaseDuration, base, max, kubeletPort);
  }

  public NodeAgentOptions withLeaseDuration(Duration duration) {
    return new NodeAgentOptions(
        nodeName,
        hostIp,
        capacity,
        duration,
        crashLoopBackoffBase,
        crashLoopBackoffMax,
        kubeletPort);
  }

  /** The same with another address (InternalIP, pod IPs). */
  public NodeAgentOptions withHostIp(String ip) {
    return new NodeAgentOptions(
        nodeName,
        ip,
        capacity,
        leaseDuration,
        crashLoopBackoffBase,
        crashLoopBackoffMax,
        kubeletPort);
  }

  /** The same with the port of the agent's log endpoint. */
  public NodeAgentOptions withKubeletPort(int port) {
    return new NodeAgentOptions(
        nodeName, hostIp, capacity, leaseDuration, crashLoopBackoffBase, crashLoopBackoffMax, port);
  }
}
