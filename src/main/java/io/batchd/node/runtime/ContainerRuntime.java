package io.batchd.node.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/** Runs containers of pods. The default implementation runs each container as a host process. */
public interface ContainerRuntime extends AutoCloseable {
  /** The runtime's name: {@code process} for host processes. */
  String name();

  /**
   * Creates the pod's sandbox, once per pod: its directory and its volumes (emptyDir, hostPath,
   * downwardAPI, projected downwardAPI). Volume sources the runtime cannot provide are rejected.
   */
  PodSandbox createSandbox(Pod pod) throws ContainerConfigException;

  /** Starts one container (init or regular) of the pod; attempt = restart count (0 first). */
  RunningContainer start(PodSandbox sandbox, Container container, int attempt)
      throws ContainerConfigException, ContainerStartException;

  /**
   * Runs {@code command} with the environment, working directory and path rewriting of a started
   * container attempt, as {@code kubectl exec} or an exec probe would inside it, and waits for it
   * at most {@code timeout} (then kills it).
   */
  ExecResult exec(
      PodSandbox sandbox,
      Container container,
      int attempt,
      java.util.List<String> command,
      java.time.Duration timeout)
      throws ContainerConfigException, ContainerStartException, InterruptedException;

  /**
   * Removes the sandbox directory (emptyDirs, logs) when the pod is gone: its path is free when
   * this returns; its files may be deleted in the background.
   */
  void removeSandbox(PodSandbox sandbox);

  /** Whether memory and CPU limits are enforced, and if not, why. */
  ResourceEnforcement resourceEnforcement();

  /** How container processes are started, and why when it is not the fast way. */
  SpawnInfo spawnInfo();

  /** Releases what the runtime holds; containers still running are left alone. */
  @Override
  void close();
}
