package io.batchd.registry.batch;

import io.batchd.registry.core.podspec.PodTemplateDefaults;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The defaults kube-apiserver gives a batch/v1 Job ({@code pkg/apis/batch/v1/defaults.go}), in
 * place, plus the pod-template defaults of {@link PodTemplateDefaults}:
 *
 * <ul>
 *   <li>{@code completions} and {@code parallelism} both 1 when both are unset; {@code parallelism}
 *       1 when only it is unset ({@code completions} then stays unset: a work queue);
 *   <li>{@code backoffLimit} 6, or 2147483647 when {@code backoffLimitPerIndex} is set;
 *   <li>{@code completionMode: NonIndexed}, {@code suspend: false}, {@code manualSelector: false};
 *   <li>{@code podReplacementPolicy}: {@code Failed} with a pod failure policy, else {@code
 *       TerminatingOrFailed};
 *   <li>{@code podFailurePolicy.rules[*].onPodConditions[*].status: True};
 *   <li>a Job without labels takes the pod template's labels.
 * </ul>
 *
 * <p>Upstream runs these defaults every time it decodes a Job, including when it reads one back
 * from storage, and its label copy shares the template's map; so a Job created without labels shows
 * the selector labels that creation adds to the template. Call {@link #apply} again after {@link
 * JobSelectors#generate} (or on every read) to get the same result.
 */
public final class JobDefaults {
  private JobDefaults() {}

  /** Fills in every unset defaulted field of {@code job}. */
  public static void apply(Job job) {
    if (job.getMetadata() == null) {
      job.setMetadata(new ObjectMeta());
    }
    if (job.getSpec() == null) {
      job.setSpec(new JobSpec());
    }
    JobSpec spec = job.getSpec();
    if (spec.getTemplate() == null) {
      spec.setTemplate(new PodTemplateSpec());
    }
    if (spec.getCompletions() == null && spec.getParallelism() == null) {
      spec.setCompletions(1);
      spec.setParallelism(1);
    }
    if (spec.getParallelism() == null) {
      spec.setParallelism(1);
    }
    if (spec.getBackoffLimit() == null) {
      // With per-index limits the global limit would only get in the way, so it is disabled.
      spec.setBackoffLimit(spec.getBackoffLimitPerIndex() != null ? Integer.MAX_VALUE : 6);
    }
    Map<String, String> templateLabels =
        spec.getTemplate().getMetadata() == null
            ? null
            : spec.getTemplate().getMetadata().getLabels();
    Map<String, String> labels = job.getMetadata().getLabels();
    if (templateLabels != null && (labels == null || labels.isEmpty())) {
      job.getMetadata().setLabels(new LinkedHashMap<>(templateLabels));
    }
    if (spec.getCompletionMode() == null) {
      spec.setCompletionMode("NonIndexed");
    }
    if (spec.getSuspend() == null) {
      spec.setSuspend(false);
    }
    if (spec.getPodReplacementPolicy() == null) {
      // A pod failure policy needs to see a pod's final phase, so replacements wait for it.
      spec.setPodReplacementPolicy(
          spec.getPodFailurePolicy() != null ? "Failed" : "TerminatingOrFailed");
    }
    if (spec.getManualSelector() == null) {
      spec.setManualSelector(false);
    }
    if (spec.getPodFailurePolicy() != null) {
      for (PodFailurePolicyRule rule : nonNull(spec.getPodFailurePolicy().getRules())) {
        for (PodFailurePolicyOnPodConditionsPattern p : nonNull(rule.getOnPodConditions())) {
          if (p.getStatus() == null || p.getStatus().isEmpty()) {
            p.setStatus("True");
          }
        }
      }
    }
    PodTemplateDefaults.apply(spec.getTemplate());
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
