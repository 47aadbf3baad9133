package io.batchd.cli;

import io.batchd.api.PodLogOptions;
import io.batchd.api.errors.StatusException;
import io.batchd.apiserver.PodLogSource;
import io.batchd.node.NodeAgent;
import io.batchd.node.logs.LogOptions;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.time.Clock;

/**
 * Serves {@code /log}: from the server's own node agent, in-process, for its pods; from the remote
 * agent of the pod's node over HTTPS for the others.
 */
final class AgentLogSource implements PodLogSource {
  private final NodeAgent agent;
  private final RemoteAgentLogs remote;
  private final Clock clock;

  /**
   * @param agent the server's own agent, or null when it has none
   */
  AgentLogSource(NodeAgent agent, RemoteAgentLogs remote, Clock clock) {
    this.agent = agent;
    this.remote = remote;
    this.clock = clock;
  }

  @Override
  public void stream(Pod pod, PodLogOptions options, LogSink sink) throws InterruptedException {
    if (agent == null || !agent.nodeName().equals(pod.getSpec().getNodeName())) {
      remote.stream(pod, options, sink);
      return;
    }
    LogOptions read =
        LogOptions.of(
            options.follow(),
            options.tailLines(),
            options.sinceSeconds(),
            options.sinceTime(),
            options.timestamps(),
            options.limitBytes(),
            clock.instant());
    try {
      agent.streamLog(
          pod,
          options.container(),
          options.previous(),
          read,
          bytes -> {
            byte[] chunk = new byte[bytes.remaining()];
            bytes.get(chunk);
            try {
              if (!sink.write(chunk)) {
                throw new IOException("the client went away");
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IOException("the client went away");
            }
          });
    } catch (StatusException e) {
      if (!sink.closed()) {
        throw e;
      }
    }
  }
}
