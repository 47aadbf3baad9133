package io.batchd.node.runtime;

import io.batchd.api.GoStrings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns a container spec into a {@link ContainerLaunch}. Everything is first computed in the
 * container's view, as the kubelet computes it (environment, {@code $(VAR)} expansion of command
 * and args, subPathExpr); then each resulting string goes once through the {@link PathRewriter}
 * built from the container's mounts, which maps container paths to host paths.
 */
final class LaunchPlanner {
  static final String DEFAULT_TERMINATION_MESSAGE_PATH = "/dev/termination-log";
  static final String VOLUME_ENV_PREFIX = "BATCHD_VOLUME_";

  private final Map<String, Quantity> allocatable;
  private final List<String> hostIPs;
  private final Map<String, String> inheritedEnvironment;

  LaunchPlanner(
      Map<String, Quantity> allocatable,
      List<String> hostIPs,
      Map<String, String> inheritedEnvironment) {
    this.allocatable = allocatable;
    this.hostIPs = hostIPs;
    this.inheritedEnvironment = inheritedEnvironment;
  }

  ContainerLaunch plan(ProcessSandbox sandbox, Container container, int attempt)
      throws ContainerConfigException {
    Pod pod = sandbox.pod();
    if (container.getCommand() == null || container.getCommand().isEmpty()) {
      throw new ContainerConfigException(
          "container "
              + GoStrings.quote(container.getName())
              + " has no command: the process runtime runs containers as host processes and does"
              + " not read images, so the image's entrypoint is unknown; set command (and args)");
    }
    Map<String, String> declared =
        new ContainerEnvironment(
                new PodFieldValues(pod, hostIPs, sandbox.podIPs()),
                new ResourceFieldValues(pod, allocatable))
            .resolve(container);

    Path terminationFile = sandbox.terminationMessageFile(container.getName(), attempt);
    String terminationPath = container.getTerminationMessagePath();
    if (terminationPath == null || terminationPath.isEmpty()) {
      terminationPath = DEFAULT_TERMINATION_MESSAGE_PATH;
    }
    PathRewriter.Builder mounts = PathRewriter.builder();
    Map<String, Path> mountedVolumes = new LinkedHashMap<>();
    for (VolumeMount mount : nullToEmpty(container.getVolumeMounts())) {
      Path volume = sandbox.volumes().get(mount.getName());
      if (volume == null) {
        throw new ContainerConfigException(
            "cannot find volume "
                + GoStrings.quote(mount.getName())
                + " to mount into container "
                + GoStrings.quote(container.getName()));
      }
      mounts.map(checkedMountPath(mount.getMountPath()), subPath(volume, mount, declared));
      mountedVolumes.putIfAbsent(mount.getName(), volume);
    }
    mounts.map(checkedMountPath(terminationPath), terminationFile);
    PathRewriter rewriter = mounts.build();

    Map<String, String> environment = new LinkedHashMap<>(inheritedEnvironment);
    environment.put("HOSTNAME", PodHostname.of(pod));
    mountedVolumes.forEach((name, path) -> environment.put(volumeVariable(name), path.toString()));
    declared.forEach((name, value) -> environment.put(name, rewriter.rewrite(value)));

    List<String> command = new ArrayList<>();
    for (String part : container.getCommand()) {
      command.add(rewriter.rewrite(VariableExpansion.expand(part, declared::get)));
    }
    for (String part : nullToEmpty(container.getArgs())) {
      command.add(rewriter.rewrite(VariableExpansion.expand(part, declared::get)));
    }

    Path defaultWorkingDir = sandbox.workDirectory(container.getName());
    String workingDir = container.getWorkingDir();
    Path workingDirectory =
        workingDir == null || workingDir.isEmpty()
            ? defaultWorkingDir
            : defaultWorkingDir.resolve(rewriter.rewrite(workingDir));
    return new ContainerLaunch(
        List.copyOf(command),
        environment,
        workingDirectory,
        terminationFile,
        sandbox.logFile(container.getName(), attempt));
  }

  /** {@code BATCHD_VOLUME_<NAME>}: the volume's name upper-cased, other characters as {@code _}. */
  static String volumeVariable(String volumeName) {
    return VOLUME_ENV_PREFIX + volumeName.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
  }

  private static String checkedMountPath(String mountPath) throws ContainerConfigException {
    if (mountPath == null || !mountPath.startsWith("/")) {
      throw new ContainerConfigException(
          "mountPath " + GoStrings.quote(String.valueOf(mountPath)) + " must be an absolute path");
    }
    if (Path.of(mountPath).normalize().toString().equals("/")) {
      throw new ContainerConfigException(
          "mountPath \"/\" cannot be used by the process runtime: the container's processes see"
              + " the host's root directory");
    }
    return mountPath;
  }

  /** The host path of a mount: the volume, or its subPath (created as a directory if missing). */
  private static Path subPath(Path volume, VolumeMount mount, Map<String, String> env)
      throws ContainerConfigException {
    String subPath = mount.getSubPath();
    if (mount.getSubPathExpr() != null && !mount.getSubPathExpr().isEmpty()) {
      subPath = expandSubPathExpr(mount.getSubPathExpr(), env);
    }
    if (subPath == null || subPath.isEmpty()) {
      return volume;
    }
    Path relative = Path.of(subPath);
    if (relative.isAbsolute() || List.of(subPath.split("/")).contains("..")) {
      throw new ContainerConfigException(
          "subPath " + GoStrings.quote(subPath) + " must be a relative path without '..'");
    }
    Path path = volume.resolve(relative);
    try {
      if (!Files.exists(path)) {
        Files.createDirectories(path);
      }
      if (!path.toRealPath().startsWith(volume.toRealPath())) {
        throw new ContainerConfigException(
            "subPath "
                + GoStrings.quote(subPath)
                + " is outside of volume "
                + GoStrings.quote(mount.getName()));
      }
    } catch (IOException e) {
      throw new ContainerConfigException("subPath " + GoStrings.quote(subPath) + ": " + e);
    }
    return path;
  }

  /** subPathExpr: every variable must have a non-empty value, as the kubelet requires. */
  private static String expandSubPathExpr(String expr, Map<String, String> env)
      throws ContainerConfigException {
    TreeSet<String> missing = new TreeSet<>();
    String expanded =
        VariableExpansion.expand(
            expr,
            name -> {
              String value = env.get(name);
              if (value == null || value.isEmpty()) {
                missing.add(name);
                return "";
              }
              return value;
            });
    if (!missing.isEmpty()) {
      throw new ContainerConfigException("missing value for " + String.join(", ", missing));
    }
    return expanded;
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
