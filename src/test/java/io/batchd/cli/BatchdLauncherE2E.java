package io.batchd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./batchd} and the AOT cache it keeps (docs/startup.md): made by the first {@code server}
 * start after a build, used by the next ones, and skipped without a word when the JVM cannot use
 * it. The script runs from a copy of itself, its library and the packaged jar in a temporary root,
 * so that the repository's {@code target/} is left alone.
 */
class BatchdLauncherE2E {
  private static final String MAKING = "making batchd's start-up cache";

  @TempDir Path root;
  @TempDir Path dataDir;

  private Path aot;

  @BeforeEach
  void copyTheLauncher() throws IOException {
    assumeThat(Runtime.version().feature())
        .as("the AOT cache needs a JDK 25 or newer")
        .isGreaterThanOrEqualTo(25);
    Path jar = Path.of("target/batchd.jar");
    assertThat(jar).exists();
    Files.createDirectories(root.resolve("scripts/lib"));
    Files.createDirectories(root.resolve("src/main"));
    Files.createDirectories(root.resolve("target"));
    Files.copy(Path.of("batchd"), root.resolve("batchd"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(Path.of("scripts/lib/jdk.sh"), root.resolve("scripts/lib/jdk.sh"));
    Files.writeString(root.resolve("pom.xml"), "<project/>\n");
    // Sources older than the jar: ./batchd must not try to build.
    FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    Files.setLastModifiedTime(root.resolve("src/main"), old);
    Files.setLastModifiedTime(root.resolve("pom.xml"), old);
    Files.copy(jar, root.resolve("target/batchd.jar"));
    aot = root.resolve("target/batchd.aot");
  }

  @Test
  void firstServerStartMakesTheCacheTheNextUsesItAndABrokenOneIsSkippedSilently() throws Exception {
    assertThat(startAndStopServer()).as("the first start trains").contains(MAKING);
    assertThat(aot).isRegularFile();
    assertThat(Files.size(aot)).isPositive();
    try (Stream<Path> files = Files.list(root.resolve("target"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no partial cache is left")
          .noneMatch(name -> name.endsWith(".tmp") || name.endsWith(".config"));
    }
    String javaHome = Files.readString(root.resolve("target/batchd.aot.stamp")).split(" ")[0];

    // The JVM refuses to start with -XX:AOTMode=on if it cannot map the cache.
    Result strict =
        run(
            javaHome + "/bin/java",
            "--enable-native-access=ALL-UNNAMED",
            "-XX:AOTCache=" + aot,
            "-XX:AOTMode=on",
            "-jar",
            root.resolve("target/batchd.jar").toString(),
            "version");
    assertThat(strict.exitCode()).as(strict.output()).isZero();

    assertThat(startAndStopServer()).as("the second start uses the cache").doesNotContain(MAKING);

    FileTime cacheTime = Files.getLastModifiedTime(aot);
    Files.writeString(aot, "not a cache");
    Files.setLastModifiedTime(aot, cacheTime);
    Result version = run(root.resolve("batchd").toString(), "version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.output()).startsWith("batchd ").doesNotContain("aot", "AOT", "error");
  }

  @Test
  void otherCommandsNeitherTrainNorComplainWithoutACache() throws Exception {
    Result version = run(root.resolve("batchd").toString(), "version");

    assertThat(version.exitCode()).isZero();
    assertThat(version.output()).startsWith("batchd ").doesNotContain(MAKING);
    assertThat(aot).doesNotExist();
  }

  @Test
  void askingTheServerCommandForHelpDoesNotTrain() throws Exception {
    Result help = run(root.resolve("batchd").toString(), "server", "--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.output()).contains("--data-dir").doesNotContain(MAKING);
    assertThat(aot).doesNotExist();
  }

  @Test
  void theCacheCanBeTurnedOff() throws Exception {
    Result version =
        run(List.of("env", "BATCHD_AOT_CACHE=off", root.resolve("batchd").toString(), "version"));

    assertThat(version.exitCode()).isZero();
    assertThat(aot).doesNotExist();
  }

  record Result(int exitCode, String output) {}

  private static Result run(String... command) throws Exception {
    return run(List.of(command));
  }

  private static Result run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), output);
  }

  /** {@code ./batchd server} until it serves, then SIGTERM; returns what it printed. */
  private String startAndStopServer() throws Exception {
    Process process =
        new ProcessBuilder(
                root.resolve("batchd").toString(),
                "server",
                "--data-dir",
                dataDir.toString(),
                "--port",
                "0",
                "--node-name",
                "launcher-test")
            .redirectErrorStream(true)
            .start();
    // Training takes tens of seconds on a busy machine; a start that never serves ends the test.
    CompletableFuture.delayedExecutor(10, TimeUnit.MINUTES).execute(process::destroyForcibly);
    StringBuilder seen = new StringBuilder();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        seen.append(line).append('\n');
        if (line.contains("batchd serving on https://")) {
          process.destroy();
          assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
          return seen.toString();
        }
      }
    } finally {
      process.destroyForcibly();
    }
    throw new AssertionError("./batchd server exited before serving:\n" + seen);
  }
}
