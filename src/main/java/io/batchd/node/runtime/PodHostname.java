package io.batchd.node.runtime;

import io.fabric8.kubernetes.api.model.Pod;

/** The hostname the kubelet gives a pod: spec.hostname, else the pod's name, at most 63 bytes. */
final class PodHostname {
  private static final int MAX_LENGTH = 63;

  private PodHostname() {}

  static String of(Pod pod) {
    String hostname = pod.getSpec().getHostname();
    if (hostname == null || hostname.isEmpty()) {
      hostname = pod.getMetadata().getName();
    }
    if (hostname.length() <= MAX_LENGTH) {
      return hostname;
    }
    String truncated = hostname.substring(0, MAX_LENGTH);
    int end = truncated.length();
    while (end > 0 && (truncated.charAt(end - 1) == '-' || truncated.charAt(end - 1) == '.')) {
      end--;
    }
    return truncated.substring(0, end);
  }
}
