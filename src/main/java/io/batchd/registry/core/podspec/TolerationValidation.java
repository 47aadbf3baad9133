package io.batchd.registry.core.podspec;

import io.batchd.api.errors.FieldError;
import io.batchd.api.selectors.LabelValidation;
import io.batchd.api.validation.FieldPath;
import io.batchd.api.validation.GoValues;
import io.batchd.api.validation.LabelFieldValidation;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.List;

/** A pod's {@code tolerations} (upstream's {@code ValidateTolerations}). */
public final class TolerationValidation {
  private static final List<String> OPERATORS = List.of("Equal", "Exists");
  private static final List<String> EFFECTS =
      List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  private TolerationValidation() {}

  public static List<FieldError> validate(List<Toleration> tolerations, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    for (int i = 0; i < tolerations.size(); i++) {
      Toleration t = tolerations.get(i);
      FieldPath idx = path.index(i);
      String key = t.getKey() == null ? "" : t.getKey();
      String operator = t.getOperator() == null ? "" : t.getOperator();
      String effect = t.getEffect() == null ? "" : t.getEffect();
      String value = t.getValue() == null ? "" : t.getValue();
      if (!key.isEmpty()) {
        errs.addAll(LabelFieldValidation.validateQualifiedName(key, idx.child("key")));
      }
      // An empty key with Exists tolerates every taint; any other operator needs a key.
      if (key.isEmpty() && !operator.equals("Exists")) {
        errs.add(
            FieldError.invalid(
                idx.child("operator").toString(),
                operator,
                "operator must be Exists when `key` is empty, which means \"match all values and"
                    + " all keys\""));
      }
      if (t.getTolerationSeconds() != null && !effect.equals("NoExecute")) {
        errs.add(
            FieldError.invalid(
                idx.child("effect").toString(),
                effect,
                "effect must be 'NoExecute' when `tolerationSeconds` is set"));
      }
      switch (operator) {
        case "Equal", "" -> {
          List<String> msgs = LabelValidation.labelValueErrors(value);
          if (!msgs.isEmpty()) {
            errs.add(
                FieldError.invalid(
                    idx.child("operator").toString(), value, String.join(";", msgs)));
          }
        }
        case "Exists" -> {
          if (!value.isEmpty()) {
            errs.add(
                FieldError.invalid(
                    idx.child("operator").toString(),
                    GoValues.json(t),
                    "value must be empty when `operator` is 'Exists'"));
          }
        }
        default ->
            errs.add(
                FieldError.notSupported(idx.child("operator").toString(), operator, OPERATORS));
      }
      if (!effect.isEmpty() && !EFFECTS.contains(effect)) {
        errs.add(FieldError.notSupported(idx.child("effect").toString(), effect, EFFECTS));
      }
    }
    return errs;
  }
}
