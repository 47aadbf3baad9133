package io.batchd.registry.core;

import io.batchd.api.PodLogOptions;
import io.batchd.api.errors.FieldError;
import io.batchd.api.errors.StatusException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/**
 * The pod side of a {@code /log} request, as upstream's {@code LogREST}: the options are validated
 * ({@code ValidatePodLogOptions}, 422 naming {@code PodLogOptions}) and the container resolved (400
 * when it is missing from a pod of several containers, or unknown).
 */
public final class PodLogs {
  private PodLogs() {}

  /** Refuses invalid options with upstream's 422. */
  public static void validate(String podName, PodLogOptions options) {
    List<FieldError> errs = new ArrayList<>();
    if (options.tailLines() != null && options.tailLines() < 0) {
      errs.add(
          FieldError.invalid(
              "tailLines", options.tailLines(), "must be greater than or equal to 0"));
    }
    if (options.limitBytes() != null && options.limitBytes() < 1) {
      errs.add(FieldError.invalid("limitBytes", options.limitBytes(), "must be greater than 0"));
    }
    if (options.sinceSeconds() != null && options.sinceTime() != null) {
      errs.add(
          FieldError.forbidden(
              "", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
    } else if (options.sinceSeconds() != null && options.sinceSeconds() < 1) {
      errs.add(
          FieldError.invalid("sinceSeconds", options.sinceSeconds(), "must be greater than 0"));
    }
    if (!errs.isEmpty()) {
      throw StatusException.invalid("", "PodLogOptions", podName, errs);
    }
  }

  /**
   * The container whose log is asked for: the one named, else the pod's only container.
   *
   * @throws StatusException 400 as upstream words it
   */
  public static String container(Pod pod, String requested) {
    String name = pod.getMetadata().getName();
    List<Container> containers = nonNull(pod.getSpec().getContainers());
    if (requested == null || requested.isEmpty()) {
      if (containers.size() == 1) {
        return containers.get(0).getName();
      }
      if (containers.isEmpty()) {
        throw StatusException.badRequest("a container name must be specified for pod " + name);
      }
      throw StatusException.badRequest(
          "a container name must be specified for pod "
              + name
              + ", choose one of: ["
              + String.join(" ", allContainerNames(pod))
              + "]");
    }
    if (!allContainerNames(pod).contains(requested)) {
      throw StatusException.badRequest("container " + requested + " is not valid for pod " + name);
    }
    return requested;
  }

  /** Init containers, containers and ephemeral containers, in upstream's visiting order. */
  private static List<String> allContainerNames(Pod pod) {
    List<String> names = new ArrayList<>();
    nonNull(pod.getSpec().getInitContainers()).forEach(c -> names.add(c.getName()));
    nonNull(pod.getSpec().getContainers()).forEach(c -> names.add(c.getName()));
    for (EphemeralContainer c : nonNull(pod.getSpec().getEphemeralContainers())) {
      names.add(c.getName());
    }
    return names;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
