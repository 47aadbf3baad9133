package io.batchd.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminationMessagesTest {
  @TempDir Path dir;

  @Test
  void theFileIsReadUpToItsLast4096Bytes() throws Exception {
    Path file = Files.writeString(dir.resolve("msg"), "a".repeat(10) + "b".repeat(4096));
    assertThat(TerminationMessages.read(file, "File", 0, dir.resolve("none.log")))
        .isEqualTo("b".repeat(4096));
  }

  @Test
  void anEmptyOrMissingFileIsNoMessageWithoutFallback() throws Exception {
    Path empty = Files.writeString(dir.resolve("msg"), "");
    assertThat(TerminationMessages.read(empty, "File", 1, dir.resolve("none.log"))).isNull();
    assertThat(TerminationMessages.read(dir.resolve("missing"), "File", 1, dir.resolve("x")))
        .isNull();
  }

  @Test
  void fallbackKeepsTheLast2048BytesOfTheLast80LogLines() throws Exception {
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      log.append("2026-11-23T13:45:01Z stdout F ").append("x".repeat(40)).append(i).append('\n');
    }
    Path logFile = Files.writeString(dir.resolve("0.log"), log);
    Path empty = Files.writeString(dir.resolve("msg"), "");
    String message = TerminationMessages.read(empty, "FallbackToLogsOnError", 1, logFile);
    assertThat(message).hasSize(2048).endsWith("x".repeat(40) + "99\n");
    // a written message wins over the log
    Files.writeString(empty, "written");
    assertThat(TerminationMessages.read(empty, "FallbackToLogsOnError", 1, logFile))
        .isEqualTo("written");
  }

  @Test
  void podStatusesShareTwelveKibibytesAmongContainers() {
    Pod pod =
        new PodBuilder()
            .withNewSpec()
            .withInitContainers(new ContainerBuilder().withName("i").build())
            .withContainers(
                new ContainerBuilder().withName("a").build(),
                new ContainerBuilder().withName("b").build())
            .endSpec()
            .build();
    assertThat(TerminationMessages.truncateForPod("m".repeat(5000), pod)).hasSize(4096);
    assertThat(TerminationMessages.truncateForPod("short", pod)).isEqualTo("short");
    assertThat(TerminationMessages.truncateForPod(null, pod)).isNull();
  }
}
