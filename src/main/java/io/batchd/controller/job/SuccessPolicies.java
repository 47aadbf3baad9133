package io.batchd.controller.job;

import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyRule;
import java.util.List;
import java.util.Optional;

/** Matches the succeeded indexes of an Indexed Job against {@code spec.successPolicy}. */
final class SuccessPolicies {
  private SuccessPolicies() {}

  /**
   * The SuccessCriteriaMet message ({@code "Matched rules at index <i>"}) of the first rule met, if
   * any. A rule with {@code succeededIndexes} is met when all of them succeeded, or at least {@code
   * succeededCount} of them; a rule with only {@code succeededCount} when that many indexes
   * succeeded in all.
   */
  static Optional<String> match(SuccessPolicy policy, int completions, OrderedIntervals succeeded) {
    if (policy == null || policy.getRules() == null || succeeded.isEmpty()) {
      return Optional.empty();
    }
    List<SuccessPolicyRule> rules = policy.getRules();
    for (int index = 0; index < rules.size(); index++) {
      SuccessPolicyRule rule = rules.get(index);
      if (rule.getSucceededIndexes() != null) {
        OrderedIntervals required = OrderedIntervals.parse(rule.getSucceededIndexes(), completions);
        if (required.isEmpty()) {
          continue;
        }
        int contained = succeeded.countIn(required);
        if (contained == required.total()
            || (rule.getSucceededCount() != null && contained >= rule.getSucceededCount())) {
          return Optional.of("Matched rules at index " + index);
        }
      } else if (rule.getSucceededCount() != null
          && succeeded.total() >= rule.getSucceededCount()) {
        return Optional.of("Matched rules at index " + index);
      }
    }
    return Optional.empty();
  }
}
