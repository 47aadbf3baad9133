package io.batchd.node.runtime;

public final class ContainerStartException extends Exception {
  public ContainerStartException(String message) {
    super(message);
  }
}
