package io.batchd.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both launchers, posix_spawn and ProcessBuilder through setsid, with the same checks on real
 * processes: exit codes, output per stream and merged, environment, working directory, session and
 * group, descriptors and signals the child starts with, group signals, and draining.
 */
@ParameterizedClass
@EnumSource(SpawnMechanism.class)
class ProcessLauncherTest {
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "A", "1");
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Parameter SpawnMechanism mechanism;
  @TempDir Path dir;
  private ProcessLauncher launcher;

  @BeforeEach
  void create() {
    launcher = ProcessLaunchers.create(mechanism);
    assertThat(launcher.mechanism()).as(launcher.description()).isEqualTo(mechanism);
  }

  @AfterEach
  void close() {
    launcher.close();
  }

  /** A started process with what it wrote and its end. */
  private record Run(
      LaunchedProcess process,
      Recorder stdout,
      Recorder stderr,
      CompletableFuture<ProcessEnd> end,
      CompletableFuture<Instant> reportedAt) {
    ProcessEnd awaitEnd() throws Exception {
      return end.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private Run start(boolean merged, String... command) throws IOException {
    Recorder stdout = new Recorder();
    Recorder stderr = merged ? null : new Recorder();
    CompletableFuture<ProcessEnd> end = new CompletableFuture<>();
    CompletableFuture<Instant> reportedAt = new CompletableFuture<>();
    LaunchedProcess process =
        launcher.launch(
            new SpawnRequest(
                Path.of(command[0]),
                List.of(command).subList(1, command.length),
                ENV,
                dir,
                stdout,
                stderr,
                e -> {
                  reportedAt.complete(Instant.now());
                  end.complete(e);
                }));
    return new Run(process, stdout, stderr, end, reportedAt);
  }

  private Run sh(String script) throws IOException {
    return start(false, "/bin/sh", "-c", script);
  }

  @Test
  void exitCodesAndDeathsBySignalAreReportedAsTheKubeletDoes() throws Exception {
    assertThat(start(false, "/bin/true").awaitEnd().exitCode()).isZero();
    assertThat(sh("exit 3").awaitEnd().exitCode()).isEqualTo(3);
    assertThat(sh("kill -KILL $$").awaitEnd().exitCode()).isEqualTo(128 + 9);
    assertThat(sh("kill -TERM $$").awaitEnd().exitCode()).isEqualTo(128 + 15);
  }

  @Test
  void stdoutAndStderrAreReadApartOrMerged() throws Exception {
    Run apart = sh("echo out; echo err >&2; printf partial");
    apart.awaitEnd();
    assertThat(apart.stdout().text()).isEqualTo("out\npartial");
    assertThat(apart.stderr().text()).isEqualTo("err\n");
    assertThat(apart.stdout().finished()).isTrue();
    assertThat(apart.stderr().finished()).isTrue();

    Run merged = start(true, "/bin/sh", "-c", "echo out; echo err >&2");
    merged.awaitEnd();
    assertThat(merged.stdout().text()).isEqualTo("out\nerr\n");
  }

  @Test
  void outputLargerThanAPipeIsReadWhole() throws Exception {
    Run run = sh("head -c 1000000 /dev/zero | tr '\\0' x");
    assertThat(run.awaitEnd().exitCode()).isZero();
    String text = run.stdout().text();
    assertThat(text).hasSize(1_000_000);
    assertThat(text.replace("x", "")).isEmpty();
  }

  @Test
  void theProcessGetsOnlyItsEnvironmentItsDirectoryAndDevNullAsStdin() throws Exception {
    Run env = start(false, "/usr/bin/env");
    env.awaitEnd();
    assertThat(env.stdout().text().split("\n"))
        .containsExactlyInAnyOrder("PATH=/usr/bin:/bin", "A=1");

    Run pwd = start(false, "/bin/pwd");
    pwd.awaitEnd();
    assertThat(pwd.stdout().text().trim()).isEqualTo(dir.toRealPath().toString());

    Run stdin = start(false, "/usr/bin/readlink", "/proc/self/fd/0");
    stdin.awaitEnd();
    assertThat(stdin.stdout().text().trim()).isEqualTo("/dev/null");
  }

  @Test
  void argumentsAreUtf8() throws Exception {
    Run run = start(false, "/bin/echo", "grüße", "日本");
    run.awaitEnd();
    assertThat(run.stdout().text()).isEqualTo("grüße 日本\n");
  }

  @Test
  void theProcessLeadsItsOwnSessionAndGroupWithOnlyTheStandardDescriptors() throws Exception {
    // Fields 5 and 6 of /proc/<pid>/stat: process group and session.
    Run stat = sh("cut -d' ' -f5,6 /proc/$$/stat; ls /proc/$$/fd");
    assertThat(stat.awaitEnd().exitCode()).isZero();
    String[] lines = stat.stdout().text().split("\n");
    long pid = stat.process().pid();
    assertThat(lines[0]).isEqualTo(pid + " " + pid);
    // The shell's own descriptors; none of the server's leaked into it.
    assertThat(List.of(lines).subList(1, lines.length)).containsExactly("0", "1", "2");
  }

  @Test
  @SuppressWarnings("restriction") // sun.misc.Signal: the only way to make the JVM ignore a signal
  void theProcessStartsWithNoSignalBlockedAndTheServersIgnoredSignalsAtTheirDefaults()
      throws Exception {
    sun.misc.Signal hangup = new sun.misc.Signal("HUP");
    sun.misc.SignalHandler previous =
        sun.misc.Signal.handle(hangup, sun.misc.SignalHandler.SIG_IGN);
    Run status;
    try {
      status = start(false, "/bin/grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status");
      status.awaitEnd();
    } finally {
      sun.misc.Signal.handle(hangup, previous);
    }
    String[] lines = status.stdout().text().split("\n");
    assertThat(lines[0]).isEqualTo("SigBlk:\t0000000000000000");
    long ignored = Long.parseUnsignedLong(lines[1].substring("SigIgn:\t".length()), 16);
    // glibc's posix_spawn (the JDK's too) leaves its two internal signals, 32 and 33, ignored.
    long standard = ignored & ~0x1_8000_0000L;
    if (mechanism == SpawnMechanism.POSIX_SPAWN) {
      assertThat(standard).isZero();
    } else {
      // The fallback's known difference (docs/runtime.md): SIGHUP (bit 0) stays ignored.
      assertThat(standard).isEqualTo(1L);
    }
  }

  @Test
  void whenTheProcessEndsTheRestOfItsGroupIsKilled() throws Exception {
    Run run = sh("sleep 60 & echo $!");
    assertThat(run.awaitEnd().exitCode()).isZero();
    long child = Long.parseLong(run.stdout().text().trim());
    await().atMost(WAIT).until(() -> !isRunning(child));
  }

  @Test
  void aGroupSignalReachesTheProcessAndItsChildren() throws Exception {
    Run run = sh("sleep 60 & echo $!; wait");
    await().atMost(WAIT).until(() -> !run.stdout().text().isEmpty());
    long child = Long.parseLong(run.stdout().text().trim());

    run.process().signalGroup(GroupSignal.TERM);
    assertThat(run.awaitEnd().exitCode()).isEqualTo(128 + 15);
    await().atMost(WAIT).until(() -> !isRunning(child));
    run.process().signalGroup(GroupSignal.KILL); // after the end: nothing to signal, no error
  }

  @Test
  void aProcessThatLeftTheGroupHoldsTheOutputOnlyUntilTheDrainLimit() throws Exception {
    // setsid(1) in a background job does not fork: $! is the sleep, in a session of its own, with
    // the container's stdout. The shell ends once the sleep has left its group (field 6 of stat is
    // the session), else the group's kill would reach it.
    Run run =
        sh(
            "setsid sleep 60 & echo $!;"
                + " until [ \"$(cut -d' ' -f6 /proc/$!/stat)\" = \"$!\" ]; do sleep 0.01; done");
    try {
      ProcessEnd end = run.awaitEnd();
      assertThat(end.exitCode()).isZero();
      assertThat(Duration.between(end.finishedAt(), run.reportedAt().get()))
          .isGreaterThanOrEqualTo(ProcessLauncher.DRAIN_LIMIT.minusMillis(100));
      if (mechanism == SpawnMechanism.POSIX_SPAWN) {
        // The pipe is closed at the limit (a thread blocked reading Java's pipe cannot be freed).
        assertThat(run.stdout().finished()).isTrue();
      }
    } finally {
      String pid = run.stdout().text().trim();
      if (!pid.isEmpty()) {
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  @Test
  void processesStartedTogetherDoNotHoldEachOthersPipes() throws Exception {
    List<Run> sleepers = new ArrayList<>();
    List<Run> quick = new ArrayList<>();
    List<Thread> starters = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      starters.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < 5; i++) {
                        Run sleeper = sh("exec sleep 60");
                        Run done = start(false, "/bin/echo", "done");
                        synchronized (sleepers) {
                          sleepers.add(sleeper);
                          quick.add(done);
                        }
                      }
                    } catch (IOException e) {
                      throw new IllegalStateException(e);
                    }
                  }));
    }
    for (Thread starter : starters) {
      starter.join();
    }
    try {
      assertThat(quick).hasSize(20);
      for (Run run : quick) {
        ProcessEnd end = run.awaitEnd();
        assertThat(run.stdout().text()).isEqualTo("done\n");
        // Had a sleeper inherited this pipe's writing end, the end would wait for the drain limit.
        assertThat(Duration.between(end.finishedAt(), run.reportedAt().get()))
            .isLessThan(ProcessLauncher.DRAIN_LIMIT);
      }
      assertThat(sleepers).noneMatch(s -> s.end().isDone());
    } finally {
      sleepers.forEach(s -> s.process().signalGroup(GroupSignal.KILL));
    }
    for (Run sleeper : sleepers) {
      assertThat(sleeper.awaitEnd().exitCode()).isEqualTo(128 + 9);
    }
  }

  @Test
  void manyProcessesAtOnceEachGetTheirOwnOutput() throws Exception {
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      runs.add(start(i % 2 == 0, "/bin/echo", "run-" + i));
    }
    for (int i = 0; i < runs.size(); i++) {
      assertThat(runs.get(i).awaitEnd().exitCode()).isZero();
      assertThat(runs.get(i).stdout().text()).isEqualTo("run-" + i + "\n");
    }
  }

  @Test
  void anExecutableThatCannotBeRunIsNotStarted() throws Exception {
    Path script = Files.writeString(dir.resolve("no-interpreter"), "echo hi\n");
    Files.setPosixFilePermissions(
        script, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    if (mechanism == SpawnMechanism.POSIX_SPAWN) {
      // As runc: no shell is tried for a file without #!, and a missing file is a start error.
      assertThatThrownBy(() -> start(false, "/no/such/file"))
          .isInstanceOf(IOException.class)
          .hasMessage("/no/such/file: No such file or directory");
      assertThatThrownBy(() -> start(false, script.toString()))
          .isInstanceOf(IOException.class)
          .hasMessageEndingWith(": Exec format error");
    } else {
      // setsid(1) is started, then fails to exec the command (and runs a #!-less file with sh).
      assertThat(start(false, "/no/such/file").awaitEnd().exitCode()).isEqualTo(127);
    }
  }

  /** Alive and not a zombie (this machine's init does not reap orphans). */
  private static boolean isRunning(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  /** Keeps what a stream delivered. */
  private static final class Recorder implements ProcessOutput {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private volatile boolean finished;

    @Override
    public synchronized void write(byte[] data, int offset, int length) {
      assertThat(finished).as("written after finish").isFalse();
      bytes.write(data, offset, length);
    }

    @Override
    public void finish() {
      finished = true;
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }

    boolean finished() {
      return finished;
    }
  }
}
