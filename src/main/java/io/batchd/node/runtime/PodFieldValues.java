package io.batchd.node.runtime;

import io.batchd.api.GoStrings;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values of {@code fieldRef} selectors, for environment variables and downward API files, as
 * the kubelet computes them.
 */
final class PodFieldValues {
  private final Pod pod;
  private final List<String> hostIPs;
  private final List<String> podIPs;

  PodFieldValues(Pod pod, List<String> hostIPs, List<String> podIPs) {
    this.pod = pod;
    this.hostIPs = hostIPs;
    this.podIPs = podIPs;
  }

  /** An environment variable's field: pod metadata, spec.nodeName, spec.serviceAccountName, IPs. */
  String forEnv(ObjectFieldSelector selector) throws ContainerConfigException {
    String path = checkedPath(selector);
    return switch (path) {
      case "spec.nodeName" -> nullToEmpty(pod.getSpec().getNodeName());
      case "spec.serviceAccountName" -> nullToEmpty(pod.getSpec().getServiceAccountName());
      case "status.hostIP" -> hostIPs.isEmpty() ? "" : hostIPs.get(0);
      case "status.hostIPs" -> String.join(",", hostIPs);
      case "status.podIP" -> podIPs.isEmpty() ? "" : podIPs.get(0);
      case "status.podIPs" -> String.join(",", podIPs);
      default -> metadataField(path);
    };
  }

  /** A downward API file's field: only pod metadata, as upstream. */
  String forVolume(ObjectFieldSelector selector) throws ContainerConfigException {
    return metadataField(checkedPath(selector));
  }

  private static String checkedPath(ObjectFieldSelector selector) throws ContainerConfigException {
    String version = selector.getApiVersion();
    if (version != null && !version.isEmpty() && !version.equals("v1")) {
      throw new ContainerConfigException("unsupported pod version: " + version);
    }
    return nullToEmpty(selector.getFieldPath());
  }

  private String metadataField(String fieldPath) throws ContainerConfigException {
    ObjectMeta meta = pod.getMetadata();
    Subscripted subscripted = Subscripted.parse(fieldPath);
    if (subscripted != null) {
      return switch (subscripted.path()) {
        case "metadata.annotations" ->
            nullToEmpty(mapOf(meta.getAnnotations()).get(subscripted.key()));
        case "metadata.labels" -> nullToEmpty(mapOf(meta.getLabels()).get(subscripted.key()));
        default ->
            throw new ContainerConfigException(
                "fieldPath " + GoStrings.quote(fieldPath) + " does not support subscript");
      };
    }
    return switch (fieldPath) {
      case "metadata.annotations" -> formatMap(meta.getAnnotations());
      case "metadata.labels" -> formatMap(meta.getLabels());
      case "metadata.name" -> nullToEmpty(meta.getName());
      case "metadata.namespace" -> nullToEmpty(meta.getNamespace());
      case "metadata.uid" -> nullToEmpty(meta.getUid());
      default -> throw new ContainerConfigException("unsupported fieldPath: " + fieldPath);
    };
  }

  /** A whole label or annotation map: sorted {@code key="value"} lines, values Go-quoted. */
  static String formatMap(Map<String, String> map) {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(mapOf(map))
        .forEach(
            (k, v) -> {
              if (!out.isEmpty()) {
                out.append('\n');
              }
              out.append(k).append('=').append(GoStrings.quote(v));
            });
    return out.toString();
  }

  private static Map<String, String> mapOf(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** {@code metadata.labels['key']}: a path with a subscript. */
  private record Subscripted(String path, String key) {
    static Subscripted parse(String fieldPath) {
      if (!fieldPath.endsWith("']")) {
        return null;
      }
      String s = fieldPath.substring(0, fieldPath.length() - 2);
      int open = s.indexOf("['");
      if (open <= 0) {
        return null;
      }
      return new Subscripted(s.substring(0, open), s.substring(open + 2));
    }
  }
}
