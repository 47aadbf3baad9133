package io.batchd.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

class CachedFormTest {
  private static Job job(String conditionType, String conditionStatus) {
    JobBuilder b =
        new JobBuilder()
            .withNewMetadata()
            .withName("j")
            .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build())
            .endMetadata()
            .withNewSpec()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "x")
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addNewContainer()
            .withName("main")
            .withImage("busybox")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec();
    if (conditionType != null) {
      b.withNewStatus()
          .addNewCondition()
          .withType(conditionType)
          .withStatus(conditionStatus)
          .endCondition()
          .endStatus();
    }
    return b.build();
  }

  @Test
  void aFinishedJobIsKeptWithoutItsPodTemplateSpecOrManagedFields() {
    for (String type : new String[] {"Complete", "Failed"}) {
      Job cached = CachedForm.of(Job.class).apply(job(type, "True"));
      assertThat(cached.getSpec().getTemplate().getSpec()).as(type).isNull();
      assertThat(cached.getSpec().getTemplate().getMetadata().getLabels())
          .containsEntry("app", "x");
      assertThat(cached.getMetadata().getManagedFields()).isNull();
    }
  }

  @Test
  void aJobNotFinishedKeepsItsPodTemplate() {
    for (Job job :
        new Job[] {job(null, null), job("Complete", "False"), job("SuccessCriteriaMet", "True")}) {
      Job cached = CachedForm.of(Job.class).apply(job);
      assertThat(cached.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
      assertThat(cached.getMetadata().getManagedFields()).isNull();
    }
  }

  @Test
  void otherKindsOnlyLoseTheirManagedFields() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("p")
            .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build())
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("main")
            .endContainer()
            .endSpec()
            .build();
    Pod cached = CachedForm.of(Pod.class).apply(pod);
    assertThat(cached.getMetadata().getManagedFields()).isNull();
    assertThat(cached.getSpec().getContainers()).hasSize(1);
  }

  @Test
  void finishedJobsArePackedAndOthersAreNot() {
    Informer.Packing<Job> packing = CachedForm.packing(Job.class);
    assertThat(packing.when().test(job("Complete", "True"))).isTrue();
    assertThat(packing.when().test(job("Failed", "True"))).isTrue();
    assertThat(packing.when().test(job(null, null))).isFalse();
    assertThat(packing.when().test(job("FailureTarget", "True"))).isFalse();
    assertThat(CachedForm.packing(Pod.class).when().test(new Pod())).isFalse();
  }
}
