package io.batchd.registry.batch;

import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.FieldErrors;
import io.batchd.api.validation.FieldPath;
import io.batchd.api.validation.GoValues;
import io.batchd.api.validation.SemanticEquality;
import io.batchd.api.validation.ValidationMessages;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What may change in a Job's spec after creation (upstream's {@code ValidateJobSpecUpdate} minus
 * its repeat of the plain spec rules, which {@link JobValidation#validateUpdate} adds):
 *
 * <ul>
 *   <li>immutable: {@code selector}, {@code completionMode}, {@code podFailurePolicy}, {@code
 *       backoffLimitPerIndex}, {@code managedBy}, {@code successPolicy};
 *   <li>{@code completions}: immutable, except in an Indexed Job where it may change together with
 *       {@code parallelism} to the same value (elastic Indexed Jobs);
 *   <li>{@code template}: immutable, except that a Job that is suspended and has never started may
 *       change its template's labels, annotations, node selector, node affinity, tolerations and
 *       scheduling gates (so a queue can place it before it starts).
 * </ul>
 *
 * Everything else (parallelism, deadlines, backoff limits, TTL, suspend, pod replacement policy)
 * may change.
 */
final class JobSpecUpdateValidation {
  private JobSpecUpdateValidation() {}

  static List<FieldError> validate(
      JobSpec spec, JobSpec oldSpec, FieldPath path, JobValidationOptions opts) {
    List<FieldError> errs = new ArrayList<>(validateCompletions(spec, oldSpec, path));
    errs.addAll(
        FieldErrors.immutable(
            spec.getSelector(),
            oldSpec.getSelector(),
            GoValues.labelSelector(spec.getSelector()),
            path.child("selector")));
    errs.addAll(validateTemplate(spec.getTemplate(), oldSpec.getTemplate(), path, opts));
    errs.addAll(
        immutableScalar(
            spec.getCompletionMode(), oldSpec.getCompletionMode(), path.child("completionMode")));
    errs.addAll(
        FieldErrors.immutable(
            spec.getPodFailurePolicy(),
            oldSpec.getPodFailurePolicy(),
            GoValues.json(spec.getPodFailurePolicy()),
            path.child("podFailurePolicy")));
    errs.addAll(
        immutableScalar(
            spec.getBackoffLimitPerIndex(),
            oldSpec.getBackoffLimitPerIndex(),
            path.child("backoffLimitPerIndex")));
    errs.addAll(
        immutableScalar(spec.getManagedBy(), oldSpec.getManagedBy(), path.child("managedBy")));
    errs.addAll(
        FieldErrors.immutable(
            spec.getSuccessPolicy(),
            oldSpec.getSuccessPolicy(),
            GoValues.json(spec.getSuccessPolicy()),
            path.child("successPolicy")));
    return errs;
  }

  private static List<FieldError> validateCompletions(
      JobSpec spec, JobSpec oldSpec, FieldPath path) {
    FieldPath completions = path.child("completions");
    if (!"Indexed".equals(spec.getCompletionMode())) {
      return immutableScalar(spec.getCompletions(), oldSpec.getCompletions(), completions);
    }
    // Elastic Indexed Job: scaling completions and parallelism together is allowed. Setting
    // completions to null is already reported as "Required" by the spec rules.
    if (Objects.equals(spec.getCompletions(), oldSpec.getCompletions())
        || spec.getCompletions() == null) {
      return List.of();
    }
    if (!spec.getCompletions().equals(spec.getParallelism())) {
      return List.of(
          FieldError.invalid(
              completions.toString(),
              spec.getCompletions(),
              "can only be modified in tandem with spec.parallelism"));
    }
    return List.of();
  }

  private static List<FieldError> validateTemplate(
      PodTemplateSpec template,
      PodTemplateSpec oldTemplate,
      FieldPath path,
      JobValidationOptions opts) {
    JsonNode newTree = SemanticEquality.normalized(template);
    JsonNode oldTree = SemanticEquality.normalized(oldTemplate);
    if (opts.allowMutableSchedulingDirectives()
        && newTree instanceof ObjectNode n
        && oldTree instanceof ObjectNode o) {
      oldTree = SemanticEquality.normalized(withNewSchedulingDirectives(o.deepCopy(), n));
    }
    if (newTree.equals(oldTree)) {
      return List.of();
    }
    return List.of(
        FieldError.invalid(
            path.child("template").toString(),
            GoValues.json(template),
            ValidationMessages.FIELD_IMMUTABLE));
  }

  // The old template with the new template's scheduling directives, so that only other changes
  // remain as differences. Node affinity moves over; pod (anti-)affinity must stay as it was.
  private static ObjectNode withNewSchedulingDirectives(ObjectNode old, ObjectNode n) {
    ObjectNode oldMeta = child(old, "metadata");
    ObjectNode newMeta = child(n, "metadata");
    copy(newMeta, oldMeta, "labels");
    copy(newMeta, oldMeta, "annotations");
    ObjectNode oldSpec = child(old, "spec");
    ObjectNode newSpec = child(n, "spec");
    copy(newSpec, oldSpec, "nodeSelector");
    copy(newSpec, oldSpec, "tolerations");
    copy(newSpec, oldSpec, "schedulingGates");
    JsonNode newAffinity = newSpec.get("affinity");
    JsonNode oldAffinity = oldSpec.get("affinity");
    if (oldAffinity instanceof ObjectNode oa) {
      if (newAffinity instanceof ObjectNode na && na.has("nodeAffinity")) {
        oa.set("nodeAffinity", na.get("nodeAffinity").deepCopy());
      } else {
        oa.remove("nodeAffinity");
      }
    } else if (newAffinity instanceof ObjectNode na && na.has("nodeAffinity")) {
      oldSpec.set(
          "affinity", old.objectNode().set("nodeAffinity", na.get("nodeAffinity").deepCopy()));
    }
    return old;
  }

  private static ObjectNode child(ObjectNode parent, String name) {
    JsonNode c = parent.get(name);
    if (c instanceof ObjectNode o) {
      return o;
    }
    return parent.putObject(name);
  }

  private static void copy(ObjectNode from, ObjectNode to, String field) {
    JsonNode value = from.get(field);
    if (value == null) {
      to.remove(field);
    } else {
      to.set(field, value.deepCopy());
    }
  }

  private static List<FieldError> immutableScalar(
      Object newValue, Object oldValue, FieldPath path) {
    return Objects.equals(newValue, oldValue)
        ? List.of()
        : List.of(
            FieldError.invalid(
                path.toString(), GoValues.orNil(newValue), ValidationMessages.FIELD_IMMUTABLE));
  }
}
