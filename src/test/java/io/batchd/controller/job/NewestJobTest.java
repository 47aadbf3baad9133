package io.batchd.controller.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

/** A sync works on the Job as it last wrote it while the Job cache has not caught up. */
class NewestJobTest {
  private static Job job(String uid, String resourceVersion, int succeeded) {
    return new JobBuilder()
        .withNewMetadata()
        .withName("j")
        .withNamespace("default")
        .withUid(uid)
        .withResourceVersion(resourceVersion)
        .endMetadata()
        .withNewStatus()
        .withSucceeded(succeeded)
        .endStatus()
        .build();
  }

  @Test
  void aLaggingCacheLosesToTheVersionJustWritten() {
    assertThat(
            JobController.newest(job("u", "10", 1), job("u", "12", 2)).getStatus().getSucceeded())
        .isEqualTo(2);
  }

  @Test
  void aCacheThatCaughtUpOrWentFurtherWins() {
    assertThat(JobController.newest(job("u", "12", 2), job("u", "12", 2))).isNotNull();
    assertThat(
            JobController.newest(job("u", "15", 3), job("u", "12", 2)).getStatus().getSucceeded())
        .isEqualTo(3);
  }

  @Test
  void aWriteToAnEarlierJobOfTheSameNameIsIgnored() {
    assertThat(
            JobController.newest(job("new", "20", 0), job("old", "30", 5)).getMetadata().getUid())
        .isEqualTo("new");
    assertThat(JobController.newest(job("u", "3", 0), null).getMetadata().getResourceVersion())
        .isEqualTo("3");
  }
}
