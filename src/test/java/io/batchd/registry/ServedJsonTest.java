package io.batchd.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.api.codec.Codecs;
import io.batchd.store.KeyValue;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServedJsonTest {

  private static byte[] served(String stored, long revision) {
    KeyValue kv = new KeyValue("/k", stored.getBytes(StandardCharsets.UTF_8), 1, revision);
    return ServedJson.bytes(
        kv, revision, () -> Codecs.JSON.readValue(kv.value(), java.util.Map.class));
  }

  @Test
  void storedObjectIsServedWithItsResourceVersion() {
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withName("pi")
            .withNamespace("default")
            .addToLabels("a", "b")
            .endMetadata()
            .withNewSpec()
            .withParallelism(2)
            .endSpec()
            .build();
    String stored = Codecs.JSON.writeValueAsString(job);

    Job back = Codecs.JSON.readValue(served(stored, 42), Job.class);

    job.getMetadata().setResourceVersion("42");
    assertThat(back).isEqualTo(job);
  }

  @Test
  void metadataInsideStringsOrNestedObjectsIsNotTaken() {
    String stored =
        "{\"kind\":\"\\\"metadata\\\":{\",\"spec\":{\"metadata\":{\"x\":1}},"
            + "\"metadata\":{\"name\":\"n\"}}";

    String out = new String(served(stored, 7), StandardCharsets.UTF_8);

    assertThat(out)
        .isEqualTo(
            "{\"kind\":\"\\\"metadata\\\":{\",\"spec\":{\"metadata\":{\"x\":1}},"
                + "\"metadata\":{\"resourceVersion\":\"7\",\"name\":\"n\"}}");
  }

  @Test
  void emptyMetadataTakesNoComma() {
    assertThat(new String(served("{\"metadata\":{}}", 3), StandardCharsets.UTF_8))
        .isEqualTo("{\"metadata\":{\"resourceVersion\":\"3\"}}");
  }

  @Test
  void bytesWithoutMetadataAreDecodedAndEncoded() {
    assertThat(new String(served("{\"kind\":\"X\"}", 3), StandardCharsets.UTF_8))
        .isEqualTo("{\"kind\":\"X\"}");
  }
}
