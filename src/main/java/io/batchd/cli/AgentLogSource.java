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
 * Serves {@code /log} from the server's own node agent. Pods bound to other nodes (remote agents)
 * have no log here yet: they get a 503 saying so.
 */
final class AgentLogSource implements PodLogSource {
  private final NodeAgent agent;
  private final Clock clock;

  AgentLogSource(NodeAgent agent, Clock clock) {
    this.agent = agent;
    this.clock = clock;
  }

  @Override
  public void stream(Pod pod, PodLogOptions options, LogSink sink) throws InterruptedException {
    if (!agent.nodeName().equals(pod.getSpec().getNodeName())) {
      throw new StatusException(
          503,
          "ServiceUnavailable",
          "the logs of pods on node \""
              + pod.getSpec().getNodeName()
              + "\" are kept by its agent, and batchd does not yet fetch logs from remote agents",
          null);
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
