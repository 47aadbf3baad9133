package io.batchd.registry.batch;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Create-time selector generation ({@code generateSelector} of upstream's Job strategy): unless
 * {@code spec.manualSelector} is true, the pod template gets labels that tie its pods to this Job
 * alone, and the selector selects them by the Job's uid.
 */
public final class JobSelectors {
  /** The uid label of current clients. */
  public static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";

  /** The Job-name label of current clients. */
  public static final String JOB_NAME = "batch.kubernetes.io/job-name";

  /** The unprefixed uid label; older clients (fabric8's {@code getLog()}) find pods by it. */
  public static final String LEGACY_CONTROLLER_UID = "controller-uid";

  /** The unprefixed Job-name label older clients use. */
  public static final String LEGACY_JOB_NAME = "job-name";

  private JobSelectors() {}

  /**
   * Adds the four labels to the template (each only if absent) and sets {@code
   * spec.selector.matchLabels[batch.kubernetes.io/controller-uid]} (only if absent). A label the
   * user set to another value is kept: validation then rejects the Job, as upstream does, rather
   * than silently fixing it. Call it before validation, with the uid that goes into {@code
   * metadata.uid}.
   */
  public static void generate(Job job, String uid) {
    JobSpec spec = job.getSpec();
    if (spec == null || Boolean.TRUE.equals(spec.getManualSelector())) {
      return;
    }
    String name = job.getMetadata() == null ? "" : nullToEmpty(job.getMetadata().getName());
    if (spec.getTemplate() == null) {
      spec.setTemplate(new PodTemplateSpec());
    }
    if (spec.getTemplate().getMetadata() == null) {
      spec.getTemplate().setMetadata(new ObjectMeta());
    }
    ObjectMeta templateMeta = spec.getTemplate().getMetadata();
    Map<String, String> labels =
        templateMeta.getLabels() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(templateMeta.getLabels());
    labels.putIfAbsent(LEGACY_JOB_NAME, name);
    labels.putIfAbsent(JOB_NAME, name);
    labels.putIfAbsent(LEGACY_CONTROLLER_UID, uid);
    labels.putIfAbsent(CONTROLLER_UID, uid);
    templateMeta.setLabels(labels);

    if (spec.getSelector() == null) {
      spec.setSelector(new LabelSelector());
    }
    Map<String, String> matchLabels =
        spec.getSelector().getMatchLabels() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(spec.getSelector().getMatchLabels());
    // Only the prefixed key: the uid alone already makes the selector unique to this Job.
    matchLabels.putIfAbsent(CONTROLLER_UID, uid);
    spec.getSelector().setMatchLabels(matchLabels);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
