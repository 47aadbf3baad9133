package io.batchd.node.runtime;

public final class ContainerConfigException extends Exception {
  public ContainerConfigException(String message) {
    super(message);
  }
}
