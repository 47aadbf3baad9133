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
 *   volumes/&lt;volume&gt;/                       emptyDir, downwardAPI, projected volumes
 *   &lt;container&gt;.work/                        default working directory
 *   &lt;container&gt;.&lt;attempt&gt;.log               CRI log of each attempt
 *   &lt;container&gt;.&lt;attempt&gt;.termination-log   termination message file
 * </pre>
 *
 * <p>As few directories as will do (two for a pod without volumes): removing one costs up to a
 * couple of milliseconds of disk time on ext4 mounted with {@code discard}. Container names are DNS
 * labels, without dots, so these names never collide with each other or with {@code volumes}.
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
    return directory.resolve(containerName + "." + attempt + ".log");
  }

  @Override
  public List<String> podIPs() {
    return podIPs;
  }

  /** The host path of each volume of the pod, by volume name. */
  Map<String, Path> volumes() {
    return volumes;
  }

  /** The container's default working directory. */
  Path workDirectory(String containerName) {
    return directory.resolve(containerName + ".work");
  }

  Path terminationMessageFile(String containerName, int attempt) {
    return directory.resolve(containerName + "." + attempt + ".termination-log");
  }

  static Path directoryOf(Path root, Pod pod) {
    var meta = pod.getMetadata();
    return root.resolve("pods")
        .resolve(meta.getNamespace() + "_" + meta.getName() + "_" + meta.getUid());
  }
}
