package io.batchd.node.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

public interface RunningContainer {
  long pid();

  Instant startedAt();

  CompletableFuture<ContainerExit> exit();

  void stop(Duration grace);
}
