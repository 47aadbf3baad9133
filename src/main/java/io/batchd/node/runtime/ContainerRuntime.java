package io.batchd.node.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/** Runs containers of pods. The default implementation runs each container as a host process. */
public interface ContainerRuntime extends AutoCloseable {
  String name();

  PodSandbox createSandbox(Pod pod) throws ContainerConfigException;

  RunningContainer start(PodSandbox sandbox, Container container, int attempt)
      throws ContainerConfigException, ContainerStartException;

  void removeSandbox(PodSandbox sandbox);

  ResourceEnforcement resourceEnforcement();
}
