package io.batchd.controller.job;

import static io.batchd.controller.job.Fixtures.NOW;
import static io.batchd.controller.job.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobPodClaimsTest {
  private final Job job = Fixtures.job(1, 1, 6).build();

  private static Pod relabeled(Pod pod, Map<String, String> labels) {
    return new PodBuilder(pod).editMetadata().withLabels(labels).endMetadata().build();
  }

  @Test
  void ownedMatchingPodsBelongAndMatchingOrphansAreAdopted() {
    Pod owned = pod(job).running().build();
    Pod orphan = pod(job).running().orphan().withoutFinalizer().build();
    Pod strayOrphan = relabeled(pod(job).orphan().build(), Map.of("foo", "other"));
    Pod released = relabeled(pod(job).running().build(), Map.of("foo", "other"));
    Pod othersPod =
        new PodBuilder(pod(job).running().orphan().build())
            .editMetadata()
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withKind("Job")
                    .withApiVersion("batch/v1")
                    .withName("other")
                    .withUid("other-uid")
                    .withController(true)
                    .build())
            .endMetadata()
            .build();
    Pod deletingOrphan = pod(job).running().orphan().terminating().build();

    JobPodClaims.Claims claims =
        JobPodClaims.claim(
            job, List.of(owned, orphan, strayOrphan, released, othersPod, deletingOrphan));

    assertThat(claims.owned()).containsExactly(owned);
    assertThat(claims.toAdopt()).containsExactly(orphan);
    assertThat(claims.toRelease()).containsExactly(released);
    Pod adopted = claims.podsForSync(job).get(1);
    assertThat(adopted.getMetadata().getFinalizers()).containsExactly(JobPods.TRACKING_FINALIZER);
    assertThat(JobPods.controllerRef(adopted).orElseThrow().getUid()).isEqualTo("job-uid");
    assertThat(orphan.getMetadata().getOwnerReferences()).as("input untouched").isEmpty();
  }

  @Test
  void aJobBeingDeletedNeitherAdoptsNorReleases() {
    Job deleting =
        new JobBuilder(job)
            .editMetadata()
            .withDeletionTimestamp(Times.format(NOW))
            .endMetadata()
            .build();
    Pod orphan = pod(job).orphan().build();
    Pod mismatched = relabeled(pod(job).build(), Map.of("foo", "other"));

    JobPodClaims.Claims claims = JobPodClaims.claim(deleting, List.of(orphan, mismatched));

    assertThat(claims.toAdopt()).isEmpty();
    assertThat(claims.toRelease()).isEmpty();
    assertThat(claims.owned()).isEmpty();
  }

  @Test
  void orphanFinalizersGoUnlessALiveJobOfOursControlsThePod() {
    Job finished =
        new JobBuilder(job)
            .withNewStatus()
            .addToConditions(
                new JobConditionBuilder().withType("Failed").withStatus("True").build())
            .endStatus()
            .build();
    Job external = new JobBuilder(job).editSpec().withManagedBy("example.com/x").endSpec().build();
    Pod owned = pod(job).succeeded().build();

    assertThat(JobPodClaims.trackingFinalizerRemovable(pod(job).orphan().build(), Optional.empty()))
        .isTrue();
    assertThat(JobPodClaims.trackingFinalizerRemovable(owned, Optional.empty())).isTrue();
    assertThat(JobPodClaims.trackingFinalizerRemovable(owned, Optional.of(job))).isFalse();
    assertThat(JobPodClaims.trackingFinalizerRemovable(owned, Optional.of(finished))).isTrue();
    assertThat(JobPodClaims.trackingFinalizerRemovable(owned, Optional.of(external))).isFalse();
    assertThat(
            JobPodClaims.trackingFinalizerRemovable(
                pod(job).withoutFinalizer().build(), Optional.empty()))
        .isFalse();
  }
}
