package io.batchd.node.runtime;

/**
 * The container cannot be created from its spec on this runtime (the kubelet's waiting reason
 * {@code CreateContainerConfigError}); the message tells the user what to change.
 */
public final class ContainerConfigException extends Exception {
  public static final String REASON = "CreateContainerConfigError";

  public ContainerConfigException(String message) {
    super(message);
  }
}
