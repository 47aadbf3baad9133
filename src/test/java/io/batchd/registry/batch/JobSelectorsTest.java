package io.batchd.registry.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Create-time selector generation ({@code generateSelector}). */
class JobSelectorsTest {

  private static Job generated(Consumer<Job> setup) {
    Job job = TestJobs.submitted();
    setup.accept(job);
    JobDefaults.apply(job);
    JobSelectors.generate(job, "u-1");
    return job;
  }

  @Test
  void addsTheFourTemplateLabels() {
    Map<String, String> labels =
        generated(j -> {}).getSpec().getTemplate().getMetadata().getLabels();
    assertThat(labels)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "controller-uid", "u-1",
                "batch.kubernetes.io/controller-uid", "u-1",
                "job-name", "myjob",
                "batch.kubernetes.io/job-name", "myjob"));
  }

  @Test
  void selectsByThePrefixedUidLabelOnly() {
    assertThat(generated(j -> {}).getSpec().getSelector().getMatchLabels())
        .containsExactlyEntriesOf(Map.of("batch.kubernetes.io/controller-uid", "u-1"));
    assertThat(generated(j -> {}).getSpec().getSelector().getMatchExpressions()).isEmpty();
  }

  @Test
  void keepsTheUsersLabelsAndConflictingValues() {
    Job job =
        generated(
            j -> {
              ObjectMeta m = new ObjectMeta();
              m.setLabels(new LinkedHashMap<>(Map.of("app", "x", "job-name", "other")));
              j.getSpec().getTemplate().setMetadata(m);
            });
    Map<String, String> labels = job.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(labels).containsEntry("app", "x").containsEntry("job-name", "other");
    assertThat(labels).containsEntry("batch.kubernetes.io/job-name", "myjob");
  }

  @Test
  void keepsAUserSelectorLabelAndAddsTheUid() {
    Job job =
        generated(
            j -> j.getSpec().setSelector(JobCreateValidationTest.selector(Map.of("app", "x"))));
    assertThat(job.getSpec().getSelector().getMatchLabels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("app", "x", "batch.kubernetes.io/controller-uid", "u-1"));
  }

  @Test
  void leavesAManualSelectorAlone() {
    Job job = generated(j -> j.getSpec().setManualSelector(true));
    assertThat(job.getSpec().getSelector()).isNull();
    assertThat(job.getSpec().getTemplate().getMetadata()).isNull();
  }
}
