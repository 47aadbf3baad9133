package io.batchd.controller.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.List;
import java.util.Optional;

/** Matches a failed pod against {@code spec.podFailurePolicy}: rules in order, first match wins. */
final class PodFailurePolicies {
  static final String FAIL_JOB = "FailJob";
  static final String FAIL_INDEX = "FailIndex";
  static final String IGNORE = "Ignore";
  static final String COUNT = "Count";

  /**
   * The outcome for one failed pod.
   *
   * @param failJobMessage the Job's failure message when a FailJob rule matched
   * @param countsFailure false only when an Ignore rule matched
   * @param action the matched rule's action; empty when no rule matched
   */
  record Match(Optional<String> failJobMessage, boolean countsFailure, Optional<String> action) {
    static final Match NONE = new Match(Optional.empty(), true, Optional.empty());

    boolean isFailIndex() {
      return action.filter(FAIL_INDEX::equals).isPresent();
    }
  }

  private PodFailurePolicies() {}

  static Match match(PodFailurePolicy policy, Pod failedPod) {
    if (policy == null || policy.getRules() == null) {
      return Match.NONE;
    }
    List<PodFailurePolicyRule> rules = policy.getRules();
    for (int index = 0; index < rules.size(); index++) {
      PodFailurePolicyRule rule = rules.get(index);
      String action = rule.getAction();
      int ruleIndex = index;
      if (rule.getOnExitCodes() != null) {
        Optional<ContainerStatus> container = matchExitCodes(failedPod, rule.getOnExitCodes());
        if (container.isPresent()) {
          Optional<Match> match =
              outcome(
                  action,
                  () ->
                      "Container %s for pod %s/%s failed with exit code %d matching %s rule at index %d"
                          .formatted(
                              container.get().getName(),
                              failedPod.getMetadata().getNamespace(),
                              failedPod.getMetadata().getName(),
                              container.get().getState().getTerminated().getExitCode(),
                              action,
                              ruleIndex));
          if (match.isPresent()) {
            return match.get();
          }
        }
      } else if (rule.getOnPodConditions() != null) {
        Optional<PodCondition> condition = matchConditions(failedPod, rule.getOnPodConditions());
        if (condition.isPresent()) {
          Optional<Match> match =
              outcome(
                  action,
                  () ->
                      "Pod %s/%s has condition %s matching %s rule at index %d"
                          .formatted(
                              failedPod.getMetadata().getNamespace(),
                              failedPod.getMetadata().getName(),
                              condition.get().getType(),
                              action,
                              ruleIndex));
          if (match.isPresent()) {
            return match.get();
          }
        }
      }
    }
    return Match.NONE;
  }

  // An unknown action matches nothing, so the next rule is tried (as upstream's switch does).
  private static Optional<Match> outcome(
      String action, java.util.function.Supplier<String> failJobMessage) {
    if (action == null) {
      return Optional.empty();
    }
    return switch (action) {
      case IGNORE -> Optional.of(new Match(Optional.empty(), false, Optional.of(IGNORE)));
      case FAIL_INDEX -> Optional.of(new Match(Optional.empty(), true, Optional.of(FAIL_INDEX)));
      case COUNT -> Optional.of(new Match(Optional.empty(), true, Optional.of(COUNT)));
      case FAIL_JOB ->
          Optional.of(new Match(Optional.of(failJobMessage.get()), true, Optional.of(FAIL_JOB)));
      default -> Optional.empty();
    };
  }

  /** Regular containers first, then init containers; the first terminated one that matches. */
  private static Optional<ContainerStatus> matchExitCodes(
      Pod pod, PodFailurePolicyOnExitCodesRequirement requirement) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    Optional<ContainerStatus> found =
        matchExitCodes(pod.getStatus().getContainerStatuses(), requirement);
    return found.isPresent()
        ? found
        : matchExitCodes(pod.getStatus().getInitContainerStatuses(), requirement);
  }

  private static Optional<ContainerStatus> matchExitCodes(
      List<ContainerStatus> statuses, PodFailurePolicyOnExitCodesRequirement requirement) {
    if (statuses == null) {
      return Optional.empty();
    }
    for (ContainerStatus status : statuses) {
      if (status.getState() == null || status.getState().getTerminated() == null) {
        continue;
      }
      if (requirement.getContainerName() != null
          && !requirement.getContainerName().equals(status.getName())) {
        continue;
      }
      Integer exitCode = status.getState().getTerminated().getExitCode();
      int code = exitCode == null ? 0 : exitCode;
      if (code != 0 && operatorMatches(code, requirement)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }

  private static boolean operatorMatches(
      int exitCode, PodFailurePolicyOnExitCodesRequirement requirement) {
    List<Integer> values = requirement.getValues() == null ? List.of() : requirement.getValues();
    boolean listed = values.contains(exitCode);
    return switch (requirement.getOperator() == null ? "" : requirement.getOperator()) {
      case "In" -> listed;
      case "NotIn" -> !listed;
      default -> false;
    };
  }

  /** The first pod condition, in the pod's order, whose type and status equal any pattern's. */
  private static Optional<PodCondition> matchConditions(
      Pod pod, List<PodFailurePolicyOnPodConditionsPattern> patterns) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    for (PodCondition condition : pod.getStatus().getConditions()) {
      for (PodFailurePolicyOnPodConditionsPattern pattern : patterns) {
        String status = pattern.getStatus() == null ? "True" : pattern.getStatus();
        if (condition.getType() != null
            && condition.getType().equals(pattern.getType())
            && status.equals(condition.getStatus())) {
          return Optional.of(condition);
        }
      }
    }
    return Optional.empty();
  }
}
