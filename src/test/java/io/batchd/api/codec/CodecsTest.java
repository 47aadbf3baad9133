package io.batchd.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

class CodecsTest {

  @Test
  void quantitiesAndIntOrStringsKeepTheirKubernetesForm() {
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withName("pi")
            .endMetadata()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("c")
            .withNewResources()
            .addToLimits("cpu", new Quantity("500m"))
            .endResources()
            .addNewPort()
            .withContainerPort(80)
            .withName("http")
            .endPort()
            .withNewReadinessProbe()
            .withNewHttpGet()
            .withNewPort("http")
            .endHttpGet()
            .endReadinessProbe()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();

    String json = Codecs.JSON.writeValueAsString(job);

    assertThat(json).contains("\"cpu\":\"500m\"").contains("\"port\":\"http\"");
    Job back = Codecs.JSON.readValue(json, Job.class);
    assertThat(back).isEqualTo(job);
    assertThat(Codecs.YAML.writeValueAsString(job)).contains("cpu: 500m").doesNotStartWith("---");
  }
}
