package io.batchd.node.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.List;

/** What a runtime keeps for one pod: its directory, volumes and container logs. */
public interface PodSandbox {
  /** The pod's directory on the host. */
  Path directory();

  /** The pod as it was when the sandbox was created. */
  Pod pod();

  /** The CRI-format log file of one attempt of one container (it may not exist yet). */
  Path logFile(String containerName, int attempt);

  /**
   * The pod's IPs: containers of the process runtime share the host's network, so these are the
   * host's IPs (as for a {@code hostNetwork} pod).
   */
  List<String> podIPs();
}
