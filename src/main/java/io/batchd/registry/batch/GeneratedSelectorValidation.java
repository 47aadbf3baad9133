package io.batchd.registry.batch;

import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.FieldPath;
import io.batchd.api.validation.GoValues;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a generated selector is still the one {@link JobSelectors#generate} made (upstream's
 * {@code validateGeneratedSelector}): the Job has a uid, the template carries the uid and name
 * labels with this Job's values, and the selector selects exactly such pods. A Job with {@code
 * manualSelector: true} or without a selector (reported elsewhere) is not checked.
 */
final class GeneratedSelectorValidation {
  private static final FieldPath TEMPLATE_METADATA = FieldPath.of("spec", "template", "metadata");

  private GeneratedSelectorValidation() {}

  static List<FieldError> validate(Job job, boolean requirePrefixedLabels) {
    List<FieldError> errs = new ArrayList<>();
    if (Boolean.TRUE.equals(job.getSpec().getManualSelector())
        || job.getSpec().getSelector() == null) {
      return errs;
    }
    String uid = nullToEmpty(job.getMetadata().getUid());
    String name = nullToEmpty(job.getMetadata().getName());
    // A missing uid would have generated "controller-uid=", a selector shared by other Jobs.
    if (uid.isEmpty()) {
      errs.add(FieldError.required("metadata.uid", ""));
    }
    Map<String, String> labels = templateLabels(job);
    errs.addAll(hasLabel(labels, JobSelectors.LEGACY_CONTROLLER_UID, uid));
    errs.addAll(hasLabel(labels, JobSelectors.LEGACY_JOB_NAME, name));
    Map<String, String> expected = new LinkedHashMap<>();
    if (requirePrefixedLabels) {
      errs.addAll(hasLabel(labels, JobSelectors.CONTROLLER_UID, uid));
      errs.addAll(hasLabel(labels, JobSelectors.JOB_NAME, name));
      expected.put(JobSelectors.CONTROLLER_UID, uid);
      expected.put(JobSelectors.JOB_NAME, name);
    }
    expected.put(JobSelectors.LEGACY_CONTROLLER_UID, uid);
    expected.put(JobSelectors.LEGACY_JOB_NAME, name);
    if (SelectorChecks.misses(job.getSpec().getSelector(), expected)) {
      errs.add(
          FieldError.invalid(
              "spec.selector",
              GoValues.labelSelector(job.getSpec().getSelector()),
              "`selector` not auto-generated"));
    }
    return errs;
  }

  // Upstream's ValidateHasLabel: a missing label is "required", a wrong one shows all the labels.
  private static List<FieldError> hasLabel(
      Map<String, String> labels, String key, String expected) {
    FieldPath path = TEMPLATE_METADATA.child("labels").key(key);
    if (!labels.containsKey(key)) {
      return List.of(FieldError.required(path.toString(), "must be '" + expected + "'"));
    }
    if (!expected.equals(labels.get(key))) {
      return List.of(
          FieldError.invalid(
              path.toString(), GoValues.stringMap(labels), "must be '" + expected + "'"));
    }
    return List.of();
  }

  private static Map<String, String> templateLabels(Job job) {
    PodTemplateSpec template = job.getSpec().getTemplate();
    if (template == null
        || template.getMetadata() == null
        || template.getMetadata().getLabels() == null) {
      return Map.of();
    }
    return template.getMetadata().getLabels();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
