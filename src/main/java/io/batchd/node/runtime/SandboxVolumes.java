package io.batchd.node.runtime;

import io.batchd.api.codec.Codecs;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a pod's volumes as host paths: emptyDir, downwardAPI and projected downwardAPI volumes are
 * directories in the sandbox; hostPath volumes are the host's paths, checked by type. ConfigMap and
 * Secret sources are only accepted when optional (batchd serves neither yet), as empty volumes;
 * every other source is rejected.
 */
final class SandboxVolumes {
  private static final int DEFAULT_MODE = 0644;

  private final PodFieldValues fields;
  private final ResourceFieldValues resources;

  SandboxVolumes(PodFieldValues fields, ResourceFieldValues resources) {
    this.fields = fields;
    this.resources = resources;
  }

  /** Creates each volume of {@code pod} under {@code sandbox}; returns the host paths by name. */
  Map<String, Path> create(Pod pod, Path sandbox) throws ContainerConfigException {
    Map<String, Path> paths = new LinkedHashMap<>();
    for (Volume volume : nullToEmpty(pod.getSpec().getVolumes())) {
      paths.put(
          volume.getName(), create(volume, sandbox.resolve("volumes").resolve(volume.getName())));
    }
    return paths;
  }

  private Path create(Volume volume, Path directory) throws ContainerConfigException {
    String name = volume.getName();
    try {
      if (volume.getHostPath() != null) {
        Path path = Path.of(volume.getHostPath().getPath());
        HostPathCheck.check(path, volume.getHostPath().getType());
        return path;
      }
      Files.createDirectories(directory);
      if (volume.getEmptyDir() != null) {
        return directory;
      }
      if (volume.getDownwardAPI() != null) {
        writeFiles(
            name,
            directory,
            volume.getDownwardAPI().getItems(),
            volume.getDownwardAPI().getDefaultMode());
        return directory;
      }
      if (volume.getProjected() != null) {
        for (VolumeProjection source : nullToEmpty(volume.getProjected().getSources())) {
          project(name, directory, source, volume.getProjected().getDefaultMode());
        }
        return directory;
      }
      if (volume.getConfigMap() != null
          && Boolean.TRUE.equals(volume.getConfigMap().getOptional())) {
        return directory;
      }
      if (volume.getSecret() != null && Boolean.TRUE.equals(volume.getSecret().getOptional())) {
        return directory;
      }
      if (sourceName(volume) == null) {
        return directory; // no source: the API's default is an emptyDir
      }
    } catch (IOException e) {
      throw new ContainerConfigException("volume " + quote(name) + ": " + e);
    }
    throw new ContainerConfigException(
        "volume "
            + quote(name)
            + ": "
            + sourceName(volume)
            + " volumes are not supported by the process runtime (supported: emptyDir, hostPath,"
            + " downwardAPI, projected downwardAPI, and optional configMap or secret volumes,"
            + " which stay empty)");
  }

  private void project(String name, Path directory, VolumeProjection source, Integer defaultMode)
      throws ContainerConfigException, IOException {
    if (source.getDownwardAPI() != null) {
      writeFiles(name, directory, source.getDownwardAPI().getItems(), defaultMode);
    } else if (source.getConfigMap() != null
        && Boolean.TRUE.equals(source.getConfigMap().getOptional())) {
      return;
    } else if (source.getSecret() != null
        && Boolean.TRUE.equals(source.getSecret().getOptional())) {
      return;
    } else {
      String kind = String.join(", ", Codecs.JSON.valueToTree(source).propertyNames());
      throw new ContainerConfigException(
          "volume "
              + quote(name)
              + ": projected "
              + kind
              + " sources are not supported by the process runtime (supported: downwardAPI, and"
              + " optional configMap or secret sources, which stay empty)");
    }
  }

  private void writeFiles(
      String volume, Path directory, List<DownwardAPIVolumeFile> items, Integer defaultMode)
      throws ContainerConfigException, IOException {
    for (DownwardAPIVolumeFile item : nullToEmpty(items)) {
      Path file = itemPath(volume, directory, item.getPath());
      String value;
      if (item.getFieldRef() != null) {
        value = fields.forVolume(item.getFieldRef());
      } else if (item.getResourceFieldRef() != null) {
        value = resources.value(item.getResourceFieldRef());
      } else {
        throw new ContainerConfigException(
            "volume "
                + quote(volume)
                + ": item "
                + quote(item.getPath())
                + " has no fieldRef or resourceFieldRef");
      }
      Files.createDirectories(file.getParent());
      Files.writeString(file, value, StandardCharsets.UTF_8);
      int mode =
          item.getMode() != null
              ? item.getMode()
              : defaultMode != null ? defaultMode : DEFAULT_MODE;
      Files.setPosixFilePermissions(file, Modes.of(mode));
    }
  }

  private static Path itemPath(String volume, Path directory, String path)
      throws ContainerConfigException {
    Path relative = Path.of(path == null ? "" : path);
    if (path == null
        || path.isEmpty()
        || relative.isAbsolute()
        || relative.normalize().startsWith("..")
        || List.of(path.split("/")).contains("..")) {
      throw new ContainerConfigException(
          "volume "
              + quote(volume)
              + ": item path "
              + quote(path)
              + " must be a relative path without '..'");
    }
    return directory.resolve(relative);
  }

  /** The JSON name of the volume's source, e.g. {@code persistentVolumeClaim}; null if none. */
  private static String sourceName(Volume volume) {
    return Codecs.JSON.valueToTree(volume).propertyNames().stream()
        .filter(n -> !n.equals("name"))
        .findFirst()
        .orElse(null);
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
