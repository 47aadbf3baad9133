package io.batchd.node.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A pod's sandbox in the process runtime: a directory holding its volumes, its containers' working
 * and termination-message files, and its logs.
 *
 * <pre>
 * &lt;root&gt;/pods/&lt;namespace&gt;_&lt;name&gt;_&lt;uid&gt;/
 *   volumes/&lt;volume&gt;/                               emptyDir, downwardAPI, projected volumes
 *   containers/&lt;container&gt;/work/                     default working directory
 *   containers/&lt;container&gt;/&lt;attempt&gt;.log              CRI log of each attempt
 *   containers/&lt;container&gt;/&lt;attempt&gt;.termination-log  termination message file
 * </pre>
 *
 * <p>As few directories as will do: on ext4 each one costs about a millisecond to remove.
 */
final class ProcessSandbox implements PodSandbox {
  private final Path directory;
  private final Pod pod;
  private final List<String> podIPs;
  private final Map<String, Path> volumes;

  ProcessSandbox(Path directory, Pod pod, List<String> podIPs, Map<String, Path> volumes) {
    this.directory = directory;
    this.pod = pod;
    this.podIPs = List.copyOf(podIPs);
    this.volumes = Map.copyOf(volumes);
  }

  @Override
  public Path directory() {
    return directory;
  }

  @Override
  public Pod pod() {
    return pod;
  }

  @Override
  public Path logFile(String containerName, int attempt) {
    return containerDirectory(containerName).resolve(attempt + ".log");
  }

  @Override
  public List<String> podIPs() {
    return podIPs;
  }

  /** The host path of each volume of the pod, by volume name. */
  Map<String, Path> volumes() {
    return volumes;
  }

  Path containerDirectory(String containerName) {
    return directory.resolve("containers").resolve(containerName);
  }

  Path terminationMessageFile(String containerName, int attempt) {
    return containerDirectory(containerName).resolve(attempt + ".termination-log");
  }

  static Path directoryOf(Path root, Pod pod) {
    var meta = pod.getMetadata();
    return root.resolve("pods")
        .resolve(meta.getNamespace() + "_" + meta.getName() + "_" + meta.getUid());
  }
}
