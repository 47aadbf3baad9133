package io.batchd.apiserver;

import java.util.Arrays;
import java.util.List;

/**
 * What a resource request addresses, parsed from its path as kube-apiserver's RequestInfoFactory
 * does: {@code /api/v1/namespaces/default/pods/x/log} or {@code
 * /apis/batch/v1/watch/namespaces/default/jobs}.
 *
 * @param group empty for the core group
 * @param namespace null for cluster-scoped requests and lists across namespaces
 * @param resource the plural resource name
 * @param name null for collections
 * @param subresource null for the main resource
 * @param legacyWatch true for the deprecated {@code /watch/} path prefix
 */
record RequestInfo(
    String group,
    String version,
    String namespace,
    String resource,
    String name,
    String subresource,
    boolean legacyWatch) {

  /** Parses a resource path, or returns null when the path addresses no resource. */
  static RequestInfo parse(String path) {
    List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    int i;
    String group;
    String version;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      group = "";
      version = parts.get(1);
      i = 2;
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      version = parts.get(2);
      i = 3;
    } else {
      return null;
    }
    boolean watch = false;
    if (i < parts.size() && parts.get(i).equals("watch")) {
      watch = true;
      i++;
    }
    if (i >= parts.size()) {
      return null;
    }
    String namespace = null;
    if (parts.get(i).equals("namespaces") && i + 2 < parts.size()) {
      // /namespaces/{ns}/{resource}...; but /namespaces/{name}/status is the namespace itself.
      String candidate = parts.get(i + 1);
      String next = parts.get(i + 2);
      if (group.isEmpty()
          && i + 3 == parts.size()
          && (next.equals("status") || next.equals("finalize"))) {
        return new RequestInfo(group, version, null, "namespaces", candidate, next, watch);
      }
      namespace = candidate;
      i += 2;
    }
    String resource = parts.get(i);
    String name = i + 1 < parts.size() ? parts.get(i + 1) : null;
    String subresource =
        i + 2 < parts.size() ? String.join("/", parts.subList(i + 2, parts.size())) : null;
    return new RequestInfo(group, version, namespace, resource, name, subresource, watch);
  }
}
