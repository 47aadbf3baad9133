package io.batchd.registry.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

/** Warnings returned with a successful write. */
class JobWarningsTest {

  @Test
  void aDnsLabelNameHasNoWarning() {
    assertThat(JobValidation.warnings(TestJobs.created(j -> {}))).isEmpty();
  }

  @Test
  void aNameWithDotsIsWarnedAbout() {
    Job job = TestJobs.created(j -> j.getMetadata().setName("nightly.backup"));
    assertThat(JobValidation.warnings(job))
        .containsExactly(
            "metadata.name: this is used in Pod names and hostnames, which can result in"
                + " surprising behavior; a DNS label is recommended: [must not contain dots]");
  }

  @Test
  void aLongNameIsWarnedAboutWithEveryReason() {
    Job job = TestJobs.created(j -> j.getMetadata().setName("a." + "b".repeat(70)));
    assertThat(JobValidation.warnings(job))
        .containsExactly(
            "metadata.name: this is used in Pod names and hostnames, which can result in"
                + " surprising behavior; a DNS label is recommended: [must be no more than 63"
                + " characters must not contain dots]");
  }

  @Test
  void aHugeIndexedJobIsWarnedAbout() {
    Job job =
        TestJobs.created(
            j -> {
              JobCreateValidationTest.indexed(j, 200_000);
              j.getSpec().setParallelism(20_000);
            });
    assertThat(JobValidation.warnings(job))
        .containsExactly(
            "spec: In Indexed Jobs with a number of completions higher than 10^5 and a parallelism"
                + " higher than 10^4, Kubernetes might not be able to track completedIndexes when a"
                + " big number of indexes fail");
  }

  @Test
  void updatesWarnOnlyWhenTheSpecChanged() {
    Job old =
        TestJobs.stored(
            TestJobs.created(
                j -> {
                  JobCreateValidationTest.indexed(j, 200_000);
                  j.getSpec().setParallelism(20_000);
                }));
    Job same = new JobBuilder(old).build();
    Job changed = new JobBuilder(old).build();
    changed.getMetadata().setGeneration(2L);
    assertThat(JobValidation.warningsOnUpdate(same, old)).isEmpty();
    assertThat(JobValidation.warningsOnUpdate(changed, old)).hasSize(1);
  }
}
