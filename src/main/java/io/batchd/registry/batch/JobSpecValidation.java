package io.batchd.registry.batch;

import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.DomainPrefixedPaths;
import io.batchd.api.validation.FieldErrors;
import io.batchd.api.validation.FieldPath;
import io.batchd.api.validation.GoValues;
import io.batchd.api.validation.LabelFieldValidation;
import io.batchd.registry.core.podspec.PodTemplateValidation;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Job's spec on its own (upstream's {@code ValidateJobSpec} and {@code validateJobSpec}):
 * non-negative counts, completion mode and its Indexed limits, per-index backoff, {@code
 * managedBy}, the pod failure and success policies, the pod replacement policy, the pod template
 * and a Job's restart policy, and a selector that selects the template's pods.
 */
final class JobSpecValidation {
  static final int MAX_PARALLELISM_FOR_INDEXED = 100_000;
  static final int MAX_FAILED_INDEXES = 100_000;
  static final int COMPLETIONS_SOFT_LIMIT = 100_000;
  static final int PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS = 10_000;
  static final int MAX_FAILED_INDEXES_FOR_HIGH_COMPLETIONS = 10_000;
  static final int MAX_MANAGED_BY_LENGTH = 63;

  private static final String INDEXED = "Indexed";
  private static final String NON_INDEXED = "NonIndexed";

  private JobSpecValidation() {}

  /** Every rule for {@code spec}, including its selector. */
  static List<FieldError> validate(JobSpec spec, FieldPath path, JobValidationOptions opts) {
    List<FieldError> errs = validateFields(spec, path);
    FieldPath selectorPath = path.child("selector");
    if (spec.getSelector() == null) {
      errs.add(FieldError.required(selectorPath.toString(), ""));
    } else {
      errs.addAll(
          LabelFieldValidation.validateSelector(
              spec.getSelector(), opts.allowInvalidLabelValueInSelector(), selectorPath));
    }
    // Whether generated or manual, the selector must select the pods this Job creates. (A missing
    // selector selects nothing, so upstream reports this too.)
    Map<String, String> labels = templateLabels(spec);
    if (SelectorChecks.misses(spec.getSelector(), labels)) {
      errs.add(
          FieldError.invalid(
              path.child("template", "metadata", "labels").toString(),
              GoValues.stringMap(labels),
              "`selector` does not match template `labels`"));
    }
    return errs;
  }

  private static List<FieldError> validateFields(JobSpec spec, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    nonNegative(spec.getParallelism(), path.child("parallelism"), errs);
    nonNegative(spec.getCompletions(), path.child("completions"), errs);
    nonNegative(spec.getActiveDeadlineSeconds(), path.child("activeDeadlineSeconds"), errs);
    nonNegative(spec.getBackoffLimit(), path.child("backoffLimit"), errs);
    nonNegative(spec.getTtlSecondsAfterFinished(), path.child("ttlSecondsAfterFinished"), errs);
    nonNegative(spec.getBackoffLimitPerIndex(), path.child("backoffLimitPerIndex"), errs);
    if (spec.getMaxFailedIndexes() != null) {
      nonNegative(spec.getMaxFailedIndexes(), path.child("maxFailedIndexes"), errs);
      if (spec.getBackoffLimitPerIndex() == null) {
        errs.add(
            FieldError.required(
                path.child("backoffLimitPerIndex").toString(),
                "when maxFailedIndexes is specified"));
      }
    }
    if (spec.getManagedBy() != null) {
      FieldPath managedBy = path.child("managedBy");
      errs.addAll(DomainPrefixedPaths.validate(managedBy, spec.getManagedBy()));
      if (spec.getManagedBy().length() > MAX_MANAGED_BY_LENGTH) {
        errs.add(
            FieldError.tooLong(managedBy.toString(), spec.getManagedBy(), MAX_MANAGED_BY_LENGTH));
      }
    }
    String mode = spec.getCompletionMode();
    if (mode != null) {
      if (!mode.equals(NON_INDEXED) && !mode.equals(INDEXED)) {
        errs.add(
            FieldError.notSupported(
                path.child("completionMode").toString(), mode, List.of(NON_INDEXED, INDEXED)));
      }
      if (mode.equals(INDEXED)) {
        errs.addAll(validateIndexedLimits(spec, path));
      }
    }
    if (mode == null || mode.equals(NON_INDEXED)) {
      if (spec.getBackoffLimitPerIndex() != null) {
        errs.add(
            FieldError.invalid(
                path.child("backoffLimitPerIndex").toString(),
                spec.getBackoffLimitPerIndex(),
                "requires indexed completion mode"));
      }
      if (spec.getMaxFailedIndexes() != null) {
        errs.add(
            FieldError.invalid(
                path.child("maxFailedIndexes").toString(),
                spec.getMaxFailedIndexes(),
                "requires indexed completion mode"));
      }
    }
    if (spec.getPodFailurePolicy() != null) {
      errs.addAll(PodFailurePolicyValidation.validate(spec, path.child("podFailurePolicy")));
    }
    if (spec.getSuccessPolicy() != null) {
      if (!INDEXED.equals(mode)) {
        errs.add(
            FieldError.invalid(
                path.child("successPolicy").toString(),
                GoValues.json(spec.getSuccessPolicy()),
                "requires indexed completion mode"));
      } else {
        errs.addAll(SuccessPolicyValidation.validate(spec, path.child("successPolicy")));
      }
    }
    errs.addAll(validatePodReplacementPolicy(spec, path.child("podReplacementPolicy")));
    if (spec.getTemplate() != null) {
      errs.addAll(PodTemplateValidation.validate(spec.getTemplate(), path.child("template")));
    }
    errs.addAll(validateRestartPolicy(spec, path.child("template", "spec", "restartPolicy")));
    return errs;
  }

  private static List<FieldError> validateIndexedLimits(JobSpec spec, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    Integer completions = spec.getCompletions();
    Integer parallelism = spec.getParallelism();
    Integer maxFailed = spec.getMaxFailedIndexes();
    if (completions == null) {
      errs.add(
          FieldError.required(
              path.child("completions").toString(), "when completion mode is " + INDEXED));
    }
    // The controller writes completed indexes into status; these caps bound its size.
    if (parallelism != null && parallelism > MAX_PARALLELISM_FOR_INDEXED) {
      errs.add(
          FieldError.invalid(
              path.child("parallelism").toString(),
              parallelism,
              "must be less than or equal to "
                  + MAX_PARALLELISM_FOR_INDEXED
                  + " when completion mode is "
                  + INDEXED));
    }
    if (completions != null && maxFailed != null && maxFailed > completions) {
      errs.add(
          FieldError.invalid(
              path.child("maxFailedIndexes").toString(),
              maxFailed,
              "must be less than or equal to completions"));
    }
    if (maxFailed != null && maxFailed > MAX_FAILED_INDEXES) {
      errs.add(
          FieldError.invalid(
              path.child("maxFailedIndexes").toString(),
              maxFailed,
              "must be less than or equal to " + MAX_FAILED_INDEXES));
    }
    if (completions != null
        && completions > COMPLETIONS_SOFT_LIMIT
        && spec.getBackoffLimitPerIndex() != null) {
      String above =
          " when completions are above "
              + COMPLETIONS_SOFT_LIMIT
              + " and used with backoff limit per index";
      if (maxFailed == null) {
        errs.add(
            FieldError.required(
                path.child("maxFailedIndexes").toString(),
                "must be specified when completions is above " + COMPLETIONS_SOFT_LIMIT));
      }
      if (parallelism != null && parallelism > PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS) {
        errs.add(
            FieldError.invalid(
                path.child("parallelism").toString(),
                parallelism,
                "must be less than or equal to " + PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS + above));
      }
      if (maxFailed != null && maxFailed > MAX_FAILED_INDEXES_FOR_HIGH_COMPLETIONS) {
        errs.add(
            FieldError.invalid(
                path.child("maxFailedIndexes").toString(),
                maxFailed,
                "must be less than or equal to "
                    + MAX_FAILED_INDEXES_FOR_HIGH_COMPLETIONS
                    + above));
      }
    }
    return errs;
  }

  private static List<FieldError> validatePodReplacementPolicy(JobSpec spec, FieldPath path) {
    String policy = spec.getPodReplacementPolicy();
    if (policy == null) {
      return List.of();
    }
    // A pod failure policy must see each pod's final phase, so it only works with Failed.
    if (spec.getPodFailurePolicy() != null) {
      return policy.equals("Failed")
          ? List.of()
          : List.of(FieldError.notSupported(path.toString(), policy, List.of("Failed")));
    }
    return policy.equals("Failed") || policy.equals("TerminatingOrFailed")
        ? List.of()
        : List.of(
            FieldError.notSupported(
                path.toString(), policy, List.of("Failed", "TerminatingOrFailed")));
  }

  // Defaulting turns an unset restartPolicy into Always, so both mean "not chosen" here.
  private static List<FieldError> validateRestartPolicy(JobSpec spec, FieldPath path) {
    String policy =
        spec.getTemplate() == null
                || spec.getTemplate().getSpec() == null
                || spec.getTemplate().getSpec().getRestartPolicy() == null
            ? ""
            : spec.getTemplate().getSpec().getRestartPolicy();
    if (policy.isEmpty() || policy.equals("Always")) {
      return List.of(
          FieldError.required(path.toString(), "valid values: \"OnFailure\", \"Never\""));
    }
    if (!policy.equals("OnFailure") && !policy.equals("Never")) {
      return List.of(
          FieldError.notSupported(path.toString(), policy, List.of("OnFailure", "Never")));
    }
    if (spec.getPodFailurePolicy() != null && !policy.equals("Never")) {
      return List.of(
          FieldError.invalid(
              path.toString(),
              policy,
              "only \"Never\" is supported when podFailurePolicy is specified"));
    }
    return List.of();
  }

  private static void nonNegative(Number value, FieldPath path, List<FieldError> errs) {
    if (value != null) {
      errs.addAll(FieldErrors.nonNegative(value.longValue(), path));
    }
  }

  static Map<String, String> templateLabels(JobSpec spec) {
    if (spec.getTemplate() == null
        || spec.getTemplate().getMetadata() == null
        || spec.getTemplate().getMetadata().getLabels() == null) {
      return null;
    }
    return spec.getTemplate().getMetadata().getLabels();
  }
}
