package io.batchd.node.runtime;

/** The signals the runtime sends to a container's process group, with their Linux numbers. */
enum GroupSignal {
  TERM(15),
  KILL(9);

  private final int number;

  GroupSignal(int number) {
    this.number = number;
  }

  int number() {
    return number;
  }
}
