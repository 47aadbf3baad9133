package io.batchd.node;

import io.batchd.client.EventRecorder;
import io.batchd.client.ResourceClient;
import io.batchd.node.runtime.ContainerRuntime;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;

/** What every pod worker of one agent shares. */
record PodWorkerContext(
    ResourceClient<Pod> pods,
    ContainerRuntime runtime,
    NodeAgentOptions options,
    Clock clock,
    EventRecorder events,
    io.batchd.node.probes.Prober prober) {

  CrashLoopBackoff backoff() {
    return new CrashLoopBackoff(options.crashLoopBackoffBase(), options.crashLoopBackoffMax());
  }
}
