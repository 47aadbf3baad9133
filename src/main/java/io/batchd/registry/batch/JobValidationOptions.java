package io.batchd.registry.batch;

import io.batchd.api.validation.LabelFieldValidation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;

/**
 * What a Job create or update may do, derived as upstream's strategy derives it ({@code
 * validationOptionsForJob}). Elastic Indexed Jobs are always allowed (the gate is GA).
 *
 * @param requirePrefixedLabels the template must carry the {@code batch.kubernetes.io/} selector
 *     labels: always on create; on update only if the stored Job had them, so that Jobs created
 *     before those labels existed stay updatable
 * @param allowMutableSchedulingDirectives the stored Job is suspended and has never started, so its
 *     template's node affinity, node selector, tolerations, labels, annotations and scheduling
 *     gates may change
 * @param allowInvalidLabelValueInSelector the stored selector already holds values that are not
 *     label values; an update must not start rejecting them
 */
record JobValidationOptions(
    boolean requirePrefixedLabels,
    boolean allowMutableSchedulingDirectives,
    boolean allowInvalidLabelValueInSelector) {

  static JobValidationOptions forCreate() {
    return new JobValidationOptions(true, false, false);
  }

  static JobValidationOptions forUpdate(Job oldJob) {
    boolean suspended =
        oldJob.getSpec() != null && Boolean.TRUE.equals(oldJob.getSpec().getSuspend());
    boolean notStarted = oldJob.getStatus() == null || oldJob.getStatus().getStartTime() == null;
    Map<String, String> oldLabels =
        oldJob.getSpec() == null
                || oldJob.getSpec().getTemplate() == null
                || oldJob.getSpec().getTemplate().getMetadata() == null
                || oldJob.getSpec().getTemplate().getMetadata().getLabels() == null
            ? Map.of()
            : oldJob.getSpec().getTemplate().getMetadata().getLabels();
    boolean hadPrefixedLabels =
        oldLabels.containsKey(JobSelectors.JOB_NAME)
            && oldLabels.containsKey(JobSelectors.CONTROLLER_UID);
    boolean invalidSelectorValues =
        oldJob.getSpec() != null
            && LabelFieldValidation.hasInvalidLabelValue(oldJob.getSpec().getSelector());
    return new JobValidationOptions(
        hadPrefixedLabels, suspended && notStarted, invalidSelectorValues);
  }
}
