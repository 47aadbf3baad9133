package io.batchd.apiserver;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.StatusException;
import io.batchd.registry.batch.JobStrategy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldValidationTest {
  private static final String BODY =
      """
      {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j","name":"k"},
       "spec":{"bogus":1,"template":{"spec":{"containers":[{"name":"c","image":"i","colour":"red",
       "image":"j"}]}}}}
      """;

  private static List<String> decode(FieldValidation mode) {
    List<String> warnings = new ArrayList<>();
    byte[] raw = BODY.getBytes(UTF_8);
    BodyDecoder.toObject(Codecs.JSON.readTree(raw), raw, JobStrategy.JOBS, mode, warnings);
    return warnings;
  }

  @Test
  void warnNamesEveryDuplicateAndUnknownFieldWithItsPath() {
    assertThat(decode(FieldValidation.WARN))
        .containsExactly(
            "duplicate field \"metadata.name\"",
            "duplicate field \"spec.template.spec.containers[0].image\"",
            "unknown field \"spec.bogus\"",
            "unknown field \"spec.template.spec.containers[0].colour\"");
  }

  @Test
  void strictRefusesWithAllProblemsAndIgnoreSaysNothing() {
    assertThatThrownBy(() -> decode(FieldValidation.STRICT))
        .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessageStartingWith(
            "Job in version \"v1\" cannot be handled as a Job: strict decoding error: duplicate field \"metadata.name\"")
        .hasMessageContaining("unknown field \"spec.template.spec.containers[0].colour\"");
    assertThat(decode(FieldValidation.IGNORE)).isEmpty();
  }
}
