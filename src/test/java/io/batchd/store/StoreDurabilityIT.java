package io.batchd.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.testing.EtcdProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A write the store acknowledged survives kill -9 of the process that made it: a child JVM writes
 * and reports each acknowledgement, is killed with SIGKILL at a different point on each run, and
 * the store, reopened, holds every acknowledged value.
 */
class StoreDurabilityIT {
  private static EtcdProcess etcd;

  @TempDir Path dataDir;

  @BeforeAll
  static void startEtcd() {
    etcd = EtcdProcess.start();
  }

  @AfterAll
  static void stopEtcd() {
    etcd.close();
  }

  static Stream<Arguments> killPoints() {
    return Stream.of(50, 300, 1000)
        .flatMap(acks -> Stream.of(Arguments.of("sqlite", acks), Arguments.of("etcd", acks)));
  }

  @ParameterizedTest(name = "{0}, killed after {1} acknowledged writes")
  @MethodSource("killPoints")
  void acknowledgedWritesSurviveKillDashNine(String backend, int killAfterAcks) throws Exception {
    String location = backend.equals("sqlite") ? "sqlite" : etcd.storeLocation();
    String run = backend + "-" + killAfterAcks;
    Map<String, Integer> acknowledged = new HashMap<>();

    Path acks = dataDir.resolve("acks-" + run + ".log");
    Process child = startWriter(location, run, acks);
    await("child acknowledged " + killAfterAcks + " writes")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(2))
        .until(() -> ackLines(acks).size() >= killAfterAcks || !child.isAlive());
    child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flushing
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // Every report written before the kill is in the file, including those after the count.
    List<String> reported = ackLines(acks);
    assertThat(reported).hasSizeGreaterThanOrEqualTo(killAfterAcks);
    for (String line : reported) {
      String[] parts = line.split(" ");
      acknowledged.merge(parts[1], Integer.parseInt(parts[2]), Math::max);
    }

    try (Store reopened = StoreFactory.open(location, dataDir, SqliteOptions.defaults())) {
      assertThat(acknowledged).hasSize(DurabilityWriter.THREADS);
      for (Map.Entry<String, Integer> ack : acknowledged.entrySet()) {
        KeyValue stored = reopened.get(ack.getKey()).orElseThrow();
        int value = Integer.parseInt(new String(stored.value(), StandardCharsets.US_ASCII));
        // The write in flight at the kill may have committed without being reported.
        assertThat(value).as(ack.getKey()).isBetween(ack.getValue(), ack.getValue() + 1);
      }
    }
  }

  private static List<String> ackLines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    // A line is complete only once its newline is written.
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    int end = text.lastIndexOf('\n');
    return end < 0
        ? List.of()
        : text.substring(0, end).lines().filter(l -> l.startsWith("ACK ")).toList();
  }

  private Process startWriter(String location, String run, Path acks) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            DurabilityWriter.class.getName(),
            location,
            dataDir.toString(),
            run)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .redirectOutput(acks.toFile())
        .start();
  }
}
