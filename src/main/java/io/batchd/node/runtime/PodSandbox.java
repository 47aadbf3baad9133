package io.batchd.node.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;

public interface PodSandbox {
  Path directory();

  Pod pod();

  Path logFile(String containerName, int attempt);
}
