package io.batchd.registry.batch;

import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.FieldErrors;
import io.batchd.api.validation.FieldPath;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyRule;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code spec.successPolicy} rules of an Indexed Job (upstream's {@code validateSuccessPolicy}): 1
 * to 20 rules; each names {@code succeededIndexes}, {@code succeededCount} or both; indexes in the
 * interval format, below {@code completions}, at most 64 KiB of text; a count no larger than {@code
 * completions} nor than the number of indexes the rule lists.
 *
 * <p>The caller checks first that the Job is Indexed. Upstream reads {@code completions} without a
 * nil check here and would crash on an Indexed Job without it; that Job is already rejected ({@code
 * spec.completions: Required value}), so the completions-based checks are skipped instead.
 */
final class SuccessPolicyValidation {
  static final int MAX_RULES = 20;
  static final int MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024;

  private SuccessPolicyValidation() {}

  static List<FieldError> validate(JobSpec spec, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    List<SuccessPolicyRule> rules =
        spec.getSuccessPolicy().getRules() == null ? List.of() : spec.getSuccessPolicy().getRules();
    FieldPath rulesPath = path.child("rules");
    if (rules.isEmpty()) {
      errs.add(
          FieldError.required(
              rulesPath.toString(),
              "at least one rules must be specified when the successPolicy is specified"));
    }
    if (rules.size() > MAX_RULES) {
      errs.add(FieldError.tooMany(rulesPath.toString(), rules.size(), MAX_RULES));
    }
    for (int i = 0; i < rules.size(); i++) {
      errs.addAll(validateRule(spec, rules.get(i), rulesPath.index(i)));
    }
    return errs;
  }

  private static List<FieldError> validateRule(
      JobSpec spec, SuccessPolicyRule rule, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    Integer completions = spec.getCompletions();
    if (rule.getSucceededCount() == null && rule.getSucceededIndexes() == null) {
      errs.add(
          FieldError.required(
              path.toString(),
              "at least one of succeededCount or succeededIndexes must be specified"));
    }
    int totalIndexes = 0;
    if (rule.getSucceededIndexes() != null) {
      FieldPath indexesPath = path.child("succeededIndexes");
      String indexes = rule.getSucceededIndexes();
      if (indexes.length() > MAX_SUCCEEDED_INDEXES_LENGTH) {
        errs.add(FieldError.tooLong(indexesPath.toString(), indexes, MAX_SUCCEEDED_INDEXES_LENGTH));
      }
      if (completions != null) {
        IndexIntervals.Result parsed = IndexIntervals.parse(indexes, completions);
        if (parsed.ok()) {
          totalIndexes = parsed.total();
        } else {
          errs.add(
              FieldError.invalid(
                  indexesPath.toString(),
                  indexes,
                  "error parsing succeededIndexes: " + parsed.error()));
        }
      }
    }
    if (rule.getSucceededCount() != null) {
      FieldPath countPath = path.child("succeededCount");
      int count = rule.getSucceededCount();
      errs.addAll(FieldErrors.nonNegative(count, countPath));
      if (completions != null && count > completions) {
        errs.add(
            FieldError.invalid(
                countPath.toString(),
                count,
                "must be less than or equal to "
                    + completions
                    + " (the number of specified completions)"));
      }
      if (rule.getSucceededIndexes() != null && count > totalIndexes) {
        errs.add(
            FieldError.invalid(
                countPath.toString(),
                count,
                "must be less than or equal to "
                    + totalIndexes
                    + " (the number of indexes in the specified succeededIndexes field)"));
      }
    }
    return errs;
  }
}
