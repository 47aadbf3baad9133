package io.batchd.node.runtime;

/**
 * The container's process could not be started (the kubelet's reason {@code StartError}), for
 * example because its command is not found; the message says why.
 */
public final class ContainerStartException extends Exception {
  public static final String REASON = "StartError";

  public ContainerStartException(String message) {
    super(message);
  }

  public ContainerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
