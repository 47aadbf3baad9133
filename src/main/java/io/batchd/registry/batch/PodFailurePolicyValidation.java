package io.batchd.registry.batch;

import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.FieldErrors;
import io.batchd.api.validation.FieldPath;
import io.batchd.api.validation.GoValues;
import io.batchd.api.validation.LabelFieldValidation;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code spec.podFailurePolicy} rules (upstream's {@code validatePodFailurePolicy}): at most 20
 * rules; each with a known action and exactly one of {@code onExitCodes} and {@code
 * onPodConditions}; exit-code requirements with an operator, 1 to 255 ordered distinct values (no 0
 * for {@code In}) and a container name from the template; condition patterns with a qualified type
 * and a True/False/Unknown status. {@code FailIndex} needs {@code backoffLimitPerIndex}.
 */
final class PodFailurePolicyValidation {
  static final int MAX_RULES = 20;
  static final int MAX_EXIT_CODE_VALUES = 255;
  static final int MAX_CONDITION_PATTERNS = 20;

  // Sorted, as upstream lists its sets.
  private static final List<String> ACTIONS = List.of("Count", "FailIndex", "FailJob", "Ignore");
  private static final List<String> OPERATORS = List.of("In", "NotIn");
  private static final List<String> STATUSES = List.of("False", "True", "Unknown");

  private PodFailurePolicyValidation() {}

  static List<FieldError> validate(JobSpec spec, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    List<PodFailurePolicyRule> rules = nonNull(spec.getPodFailurePolicy().getRules());
    FieldPath rulesPath = path.child("rules");
    if (rules.size() > MAX_RULES) {
      errs.add(FieldError.tooMany(rulesPath.toString(), rules.size(), MAX_RULES));
    }
    Set<String> containerNames = new HashSet<>();
    if (spec.getTemplate() != null && spec.getTemplate().getSpec() != null) {
      for (Container c : nonNull(spec.getTemplate().getSpec().getContainers())) {
        containerNames.add(c.getName());
      }
      for (Container c : nonNull(spec.getTemplate().getSpec().getInitContainers())) {
        containerNames.add(c.getName());
      }
    }
    for (int i = 0; i < rules.size(); i++) {
      errs.addAll(validateRule(spec, rules.get(i), rulesPath.index(i), containerNames));
    }
    return errs;
  }

  private static List<FieldError> validateRule(
      JobSpec spec, PodFailurePolicyRule rule, FieldPath path, Set<String> containerNames) {
    List<FieldError> errs = new ArrayList<>();
    FieldPath actionPath = path.child("action");
    String action = rule.getAction() == null ? "" : rule.getAction();
    if (action.isEmpty()) {
      errs.add(FieldError.required(actionPath.toString(), "valid values: " + goQuoted(ACTIONS)));
    } else if (action.equals("FailIndex")) {
      if (spec.getBackoffLimitPerIndex() == null) {
        errs.add(
            FieldError.invalid(
                actionPath.toString(), action, "requires the backoffLimitPerIndex to be set"));
      }
    } else if (!ACTIONS.contains(action)) {
      errs.add(FieldError.notSupported(actionPath.toString(), action, ACTIONS));
    }
    List<PodFailurePolicyOnPodConditionsPattern> patterns = nonNull(rule.getOnPodConditions());
    if (rule.getOnExitCodes() != null) {
      errs.addAll(
          validateOnExitCodes(rule.getOnExitCodes(), path.child("onExitCodes"), containerNames));
    }
    if (!patterns.isEmpty()) {
      errs.addAll(validateOnPodConditions(patterns, path.child("onPodConditions")));
    }
    if (rule.getOnExitCodes() != null && !patterns.isEmpty()) {
      errs.add(
          FieldErrors.invalidOmittingValue(
              path, "specifying both OnExitCodes and OnPodConditions is not supported"));
    }
    if (rule.getOnExitCodes() == null && patterns.isEmpty()) {
      errs.add(
          FieldErrors.invalidOmittingValue(
              path, "specifying one of OnExitCodes and OnPodConditions is required"));
    }
    return errs;
  }

  private static List<FieldError> validateOnPodConditions(
      List<PodFailurePolicyOnPodConditionsPattern> patterns, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (patterns.size() > MAX_CONDITION_PATTERNS) {
      errs.add(FieldError.tooMany(path.toString(), patterns.size(), MAX_CONDITION_PATTERNS));
    }
    for (int j = 0; j < patterns.size(); j++) {
      PodFailurePolicyOnPodConditionsPattern pattern = patterns.get(j);
      FieldPath patternPath = path.index(j);
      errs.addAll(
          LabelFieldValidation.validateQualifiedName(
              pattern.getType() == null ? "" : pattern.getType(), patternPath.child("type")));
      String status = pattern.getStatus() == null ? "" : pattern.getStatus();
      FieldPath statusPath = patternPath.child("status");
      if (status.isEmpty()) {
        errs.add(FieldError.required(statusPath.toString(), "valid values: " + goQuoted(STATUSES)));
      } else if (!STATUSES.contains(status)) {
        errs.add(FieldError.notSupported(statusPath.toString(), status, STATUSES));
      }
    }
    return errs;
  }

  private static List<FieldError> validateOnExitCodes(
      PodFailurePolicyOnExitCodesRequirement req, FieldPath path, Set<String> containerNames) {
    List<FieldError> errs = new ArrayList<>();
    FieldPath operatorPath = path.child("operator");
    String operator = req.getOperator() == null ? "" : req.getOperator();
    if (operator.isEmpty()) {
      errs.add(
          FieldError.required(operatorPath.toString(), "valid values: " + goQuoted(OPERATORS)));
    } else if (!OPERATORS.contains(operator)) {
      errs.add(FieldError.notSupported(operatorPath.toString(), operator, OPERATORS));
    }
    if (req.getContainerName() != null && !containerNames.contains(req.getContainerName())) {
      errs.add(
          FieldError.invalid(
              path.child("containerName").toString(),
              req.getContainerName(),
              "must be one of the container or initContainer names in the pod template"));
    }
    FieldPath valuesPath = path.child("values");
    List<Integer> values = nonNull(req.getValues());
    if (values.isEmpty()) {
      errs.add(
          FieldError.invalid(
              valuesPath.toString(),
              GoValues.int32Slice(values),
              "at least one value is required"));
    } else if (values.size() > MAX_EXIT_CODE_VALUES) {
      errs.add(FieldError.tooMany(valuesPath.toString(), values.size(), MAX_EXIT_CODE_VALUES));
    }
    boolean ordered = true;
    Set<Integer> seen = new HashSet<>();
    for (int j = 0; j < values.size(); j++) {
      int value = values.get(j) == null ? 0 : values.get(j);
      FieldPath valuePath = valuesPath.index(j);
      if (operator.equals("In") && value == 0) {
        errs.add(FieldError.invalid(valuePath.toString(), 0, "must not be 0 for the In operator"));
      }
      if (!seen.add(value)) {
        errs.add(FieldError.duplicate(valuePath.toString(), value));
      }
      // Equal neighbours keep the order; they are reported as duplicates above.
      if (j > 0 && orZero(values.get(j - 1)) > value) {
        ordered = false;
      }
    }
    if (!ordered) {
      errs.add(
          FieldError.invalid(
              valuesPath.toString(), GoValues.int32Slice(values), "must be ordered"));
    }
    return errs;
  }

  // Go's %q of a []string: ["a" "b"].
  private static String goQuoted(List<String> values) {
    return "[" + String.join(" ", values.stream().map(GoValues::quote).toList()) + "]";
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
