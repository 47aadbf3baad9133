package io.batchd.registry.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each defaulting rule of {@code SetDefaults_Job}. */
class JobDefaultsTest {

  private static Job defaulted(Consumer<Job> setup) {
    Job job = TestJobs.submitted();
    setup.accept(job);
    JobDefaults.apply(job);
    return job;
  }

  @Test
  void bothCountsUnsetBecomeOne() {
    JobSpec spec = defaulted(j -> {}).getSpec();
    assertThat(spec.getCompletions()).isEqualTo(1);
    assertThat(spec.getParallelism()).isEqualTo(1);
  }

  @Test
  void parallelismAloneMakesAWorkQueueWithoutCompletions() {
    JobSpec spec = defaulted(j -> j.getSpec().setParallelism(4)).getSpec();
    assertThat(spec.getCompletions()).isNull();
    assertThat(spec.getParallelism()).isEqualTo(4);
  }

  @Test
  void completionsAloneGetParallelismOne() {
    JobSpec spec = defaulted(j -> j.getSpec().setCompletions(5)).getSpec();
    assertThat(spec.getCompletions()).isEqualTo(5);
    assertThat(spec.getParallelism()).isEqualTo(1);
  }

  @Test
  void backoffLimitDefaultsToSix() {
    assertThat(defaulted(j -> {}).getSpec().getBackoffLimit()).isEqualTo(6);
  }

  @Test
  void backoffLimitIsUnlimitedWithPerIndexLimits() {
    Job job = defaulted(j -> j.getSpec().setBackoffLimitPerIndex(2));
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2147483647);
  }

  @Test
  void setValuesAreKept() {
    JobSpec spec =
        defaulted(
                j -> {
                  j.getSpec().setBackoffLimit(0);
                  j.getSpec().setCompletionMode("Indexed");
                  j.getSpec().setSuspend(true);
                  j.getSpec().setManualSelector(true);
                  j.getSpec().setPodReplacementPolicy("Failed");
                })
            .getSpec();
    assertThat(spec.getBackoffLimit()).isZero();
    assertThat(spec.getCompletionMode()).isEqualTo("Indexed");
    assertThat(spec.getSuspend()).isTrue();
    assertThat(spec.getManualSelector()).isTrue();
    assertThat(spec.getPodReplacementPolicy()).isEqualTo("Failed");
  }

  @Test
  void completionModeDefaultsToNonIndexed() {
    assertThat(defaulted(j -> {}).getSpec().getCompletionMode()).isEqualTo("NonIndexed");
  }

  @Test
  void suspendDefaultsToFalse() {
    assertThat(defaulted(j -> {}).getSpec().getSuspend()).isFalse();
  }

  @Test
  void manualSelectorDefaultsToFalse() {
    assertThat(defaulted(j -> {}).getSpec().getManualSelector()).isFalse();
  }

  @Test
  void podReplacementPolicyDefaultsToTerminatingOrFailed() {
    assertThat(defaulted(j -> {}).getSpec().getPodReplacementPolicy())
        .isEqualTo("TerminatingOrFailed");
  }

  @Test
  void podReplacementPolicyDefaultsToFailedWithAPodFailurePolicy() {
    Job job = defaulted(j -> j.getSpec().setPodFailurePolicy(new PodFailurePolicy(List.of())));
    assertThat(job.getSpec().getPodReplacementPolicy()).isEqualTo("Failed");
  }

  @Test
  void podConditionPatternStatusDefaultsToTrue() {
    PodFailurePolicyOnPodConditionsPattern unset =
        new PodFailurePolicyOnPodConditionsPattern(null, "DisruptionTarget");
    PodFailurePolicyOnPodConditionsPattern set =
        new PodFailurePolicyOnPodConditionsPattern("False", "Ready");
    defaulted(
        j ->
            j.getSpec()
                .setPodFailurePolicy(
                    new PodFailurePolicy(
                        List.of(new PodFailurePolicyRule("Ignore", null, List.of(unset, set))))));
    assertThat(unset.getStatus()).isEqualTo("True");
    assertThat(set.getStatus()).isEqualTo("False");
  }

  @Test
  void aJobWithoutLabelsTakesTheTemplateLabels() {
    Job job = defaulted(j -> j.getSpec().getTemplate().setMetadata(labels(Map.of("app", "x"))));
    assertThat(job.getMetadata().getLabels()).containsExactlyEntriesOf(Map.of("app", "x"));
  }

  @Test
  void aJobWithLabelsKeepsThem() {
    Job job =
        defaulted(
            j -> {
              j.getMetadata().setLabels(new LinkedHashMap<>(Map.of("team", "a")));
              j.getSpec().getTemplate().setMetadata(labels(Map.of("app", "x")));
            });
    assertThat(job.getMetadata().getLabels()).containsExactlyEntriesOf(Map.of("team", "a"));
  }

  @Test
  void theJobShowsTheGeneratedLabelsOnceDefaultedAgain() {
    Job job = TestJobs.created(j -> {});
    assertThat(job.getMetadata().getLabels())
        .containsOnlyKeys(
            "controller-uid",
            "job-name",
            "batch.kubernetes.io/controller-uid",
            "batch.kubernetes.io/job-name");
  }

  @Test
  void theTemplateIsDefaultedToo() {
    Job job = defaulted(j -> j.getSpec().getTemplate().getSpec().setRestartPolicy(null));
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Always");
  }

  @Test
  void anEmptyJobGetsAWholeSpec() {
    Job job = new Job();
    JobDefaults.apply(job);
    assertThat(job.getMetadata()).isNotNull();
    assertThat(job.getSpec().getTemplate().getSpec().getDnsPolicy()).isEqualTo("ClusterFirst");
  }

  @Test
  void applyingTwiceChangesNothing() {
    Job once = defaulted(j -> {});
    Job twice = TestJobs.stored(once);
    twice.getMetadata().setResourceVersion(null);
    twice.getMetadata().setGeneration(null);
    JobDefaults.apply(twice);
    assertThat(twice).isEqualTo(once);
  }

  private static ObjectMeta labels(Map<String, String> labels) {
    ObjectMeta m = new ObjectMeta();
    m.setLabels(new LinkedHashMap<>(labels));
    return m;
  }
}
