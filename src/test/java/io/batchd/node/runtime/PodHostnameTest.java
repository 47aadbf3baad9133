package io.batchd.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodHostnameTest {
  static Stream<Arguments> cases() {
    String a60 = "a".repeat(60);
    return Stream.of(
        Arguments.of("job-abc-0", null, "job-abc-0"),
        Arguments.of("job-abc-0", "", "job-abc-0"),
        Arguments.of("job-abc-0", "worker", "worker"),
        Arguments.of("a".repeat(63), null, "a".repeat(63)),
        Arguments.of("a".repeat(70), null, "a".repeat(63)),
        // the cut keeps 63 characters, then drops trailing '-' and '.'
        Arguments.of(a60 + "bc-.-dd", null, a60 + "bc"),
        Arguments.of("a".repeat(58) + "b.-cd-e", null, "a".repeat(58) + "b.-cd"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void hostnameIsSpecHostnameOrPodNameTruncatedLikeTheKubelet(
      String name, String hostname, String expected) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewSpec()
            .withHostname(hostname)
            .endSpec()
            .build();
    assertThat(PodHostname.of(pod)).isEqualTo(expected);
  }
}
