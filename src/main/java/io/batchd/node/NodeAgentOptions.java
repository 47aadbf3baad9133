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
 */
public record NodeAgentOptions(
    String nodeName,
    String hostIp,
    NodeCapacity capacity,
    Duration leaseDuration,
    Duration crashLoopBackoffBase,
    Duration crashLoopBackoffMax) {

  public static NodeAgentOptions defaults(String nodeName, NodeCapacity capacity) {
    return new NodeAgentOptions(
        nodeName,
        "127.0.0.1",
        capacity,
        Duration.ofSeconds(40),
        Duration.ofSeconds(10),
        Duration.ofMinutes(5));
  }

  public NodeAgentOptions withCrashLoopBackoff(Duration base, Duration max) {
    return new NodeAgentOptions(nodeName, hostIp, capacity, leaseDuration, base, max);
  }

  public NodeAgentOptions withLeaseDuration(Duration duration) {
    return new NodeAgentOptions(
        nodeName, hostIp, capacity, duration, crashLoopBackoffBase, crashLoopBackoffMax);
  }
}
