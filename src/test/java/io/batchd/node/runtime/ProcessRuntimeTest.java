package io.batchd.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.batchd.node.logs.ContainerLogReader;
import io.batchd.node.logs.LogOptions;
import io.batchd.node.logs.LogRotation;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The process runtime with real processes ({@code /bin/sh}, {@code sleep}), once with each way of
 * starting them.
 */
@ParameterizedClass
@EnumSource(SpawnMechanism.class)
class ProcessRuntimeTest {
  private static final Map<String, Quantity> ALLOCATABLE =
      Map.of("cpu", new Quantity("2"), "memory", new Quantity("4Gi"));
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Parameter SpawnMechanism mechanism;
  @TempDir Path root;
  private ProcessRuntime runtime;

  @BeforeEach
  void start() {
    runtime =
        new ProcessRuntime(
            root,
            ALLOCATABLE,
            List.of("192.0.2.10"),
            Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", "/home/batchd"),
            mechanism);
    // posix_spawn must not silently fall back where it is meant to work (Linux, native access).
    assertThat(runtime.spawnInfo().mechanism())
        .as(runtime.spawnInfo().message())
        .isEqualTo(mechanism);
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  private static Pod pod(UnaryOperator<PodBuilder> edit, Container... containers) {
    PodBuilder builder =
        new PodBuilder()
            .withNewMetadata()
            .withName("job-x-0-abcde")
            .withNamespace("default")
            .withUid("uid-1")
            .withAnnotations(Map.of("batch.kubernetes.io/job-completion-index", "3"))
            .withLabels(Map.of("app", "demo"))
            .endMetadata()
            .withNewSpec()
            .withNodeName("node-1")
            .withContainers(containers)
            .endSpec();
    return edit.apply(builder).build();
  }

  private static Container sh(String script) {
    return new ContainerBuilder()
        .withName("main")
        .withImage("busybox")
        .withCommand("/bin/sh", "-c")
        .withArgs(script)
        .build();
  }

  private static VolumeMount mount(String path, String volume, String subPath, String subPathExpr) {
    return new VolumeMountBuilder()
        .withMountPath(path)
        .withName(volume)
        .withSubPath(subPath)
        .withSubPathExpr(subPathExpr)
        .build();
  }

  private ContainerExit run(Pod pod, Container container) throws Exception {
    PodSandbox sandbox = runtime.createSandbox(pod);
    return runtime.start(sandbox, container, 0).exit().get(10, TimeUnit.SECONDS);
  }

  private static String log(PodSandbox sandbox, String container, int attempt) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ContainerLogReader(
            sandbox.logFile(container, attempt),
            java.util.concurrent.CompletableFuture.completedFuture(null))
        .copy(
            LogOptions.DEFAULTS,
            b -> {
              byte[] copy = new byte[b.remaining()];
              b.get(copy);
              out.writeBytes(copy);
            });
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void containerLogsAreRotatedAsTheRuntimeIsConfigured() throws Exception {
    try (ProcessRuntime rotating =
        new ProcessRuntime(
            root.resolve("rotating"),
            ALLOCATABLE,
            List.of("192.0.2.10"),
            Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"),
            new LogRotation(200, 3),
            mechanism)) {
      PodSandbox sandbox = rotating.createSandbox(pod(b -> b));
      // Separate echo commands, so that each line reaches the log in a write of its own.
      Container container = sh("i=0; while [ $i -lt 40 ]; do echo line-$i; i=$((i+1)); done");
      ContainerExit exit = rotating.start(sandbox, container, 0).exit().get(10, TimeUnit.SECONDS);
      assertThat(exit.exitCode()).isZero();
      Path logFile = sandbox.logFile("main", 0);
      try (Stream<Path> files = Files.list(logFile.getParent())) {
        assertThat(files.filter(f -> f.getFileName().toString().startsWith("main.0.log")).count())
            .isEqualTo(3);
      }
      assertThat(Files.size(logFile)).isLessThanOrEqualTo(200);
      assertThat(log(sandbox, "main", 0)).endsWith("line-39\n").doesNotContain("line-0\n");
    }
  }

  private String runAndLog(Pod pod, Container container) throws Exception {
    PodSandbox sandbox = runtime.createSandbox(pod);
    RunningContainer running = runtime.start(sandbox, container, 0);
    ContainerExit exit = running.exit().get(10, TimeUnit.SECONDS);
    assertThat(exit.exitCode()).as(() -> "log: " + logQuietly(sandbox)).isZero();
    return log(sandbox, container.getName(), 0);
  }

  private static String logQuietly(PodSandbox sandbox) {
    try {
      return log(sandbox, "main", 0);
    } catch (Exception e) {
      return e.toString();
    }
  }

  @Test
  void runsTheCommandAndLogsStdoutAndStderrInCriFormat() throws Exception {
    Pod pod = pod(b -> b, sh("echo out; echo err >&2; printf partial"));
    PodSandbox sandbox = runtime.createSandbox(pod);
    RunningContainer running = runtime.start(sandbox, pod.getSpec().getContainers().get(0), 0);
    assertThat(running.pid()).isPositive();
    ContainerExit exit = running.exit().get(10, TimeUnit.SECONDS);

    assertThat(exit.exitCode()).isZero();
    assertThat(exit.reason()).isEqualTo("Completed");
    assertThat(exit.signal()).isNull();
    assertThat(exit.message()).isNull();
    assertThat(exit.finishedAt()).isAfterOrEqualTo(running.startedAt());
    List<String> lines = Files.readAllLines(sandbox.logFile("main", 0));
    assertThat(lines).hasSize(3);
    assertThat(lines)
        .anyMatch(
            l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z stdout F out"))
        .anyMatch(l -> l.endsWith(" stderr F err"))
        .anyMatch(l -> l.endsWith(" stdout P partial"));
  }

  @Test
  void nonZeroExitIsAnErrorAndEachAttemptHasItsOwnLog() throws Exception {
    Pod pod = pod(b -> b, sh("echo attempt; exit 3"));
    PodSandbox sandbox = runtime.createSandbox(pod);
    Container c = pod.getSpec().getContainers().get(0);
    ContainerExit first = runtime.start(sandbox, c, 0).exit().get(10, TimeUnit.SECONDS);
    ContainerExit second = runtime.start(sandbox, c, 1).exit().get(10, TimeUnit.SECONDS);
    assertThat(first.exitCode()).isEqualTo(3);
    assertThat(first.reason()).isEqualTo("Error");
    assertThat(second.exitCode()).isEqualTo(3);
    assertThat(log(sandbox, "main", 0)).isEqualTo("attempt\n");
    assertThat(log(sandbox, "main", 1)).isEqualTo("attempt\n");
  }

  @Test
  void argsAreExpandedWithTheContainersVariables() throws Exception {
    Container c =
        new ContainerBuilder()
            .withName("main")
            .withCommand("/bin/echo", "$(GREETING)")
            .withArgs("$(INDEX)", "$(UNKNOWN)", "$$(INDEX)", "$(HOSTNAME)")
            .withEnv(
                new EnvVar("GREETING", "hello", null),
                new io.fabric8.kubernetes.api.model.EnvVarBuilder()
                    .withName("INDEX")
                    .withNewValueFrom()
                    .withNewFieldRef()
                    .withFieldPath(
                        "metadata.annotations['batch.kubernetes.io/job-completion-index']")
                    .endFieldRef()
                    .endValueFrom()
                    .build())
            .build();
    // HOSTNAME is set by the runtime, not declared: like the kubelet, $(HOSTNAME) is not expanded
    assertThat(runAndLog(pod(b -> b, c), c)).isEqualTo("hello 3 $(UNKNOWN) $(INDEX) $(HOSTNAME)\n");
  }

  @Test
  void theEnvironmentIsPathHomeHostnameAndTheDeclaredVariablesOnly() throws Exception {
    Container c =
        new ContainerBuilder()
            .withName("main")
            .withCommand("env")
            .withEnv(new EnvVar("A", "1", null), new EnvVar("HOME", "/override", null))
            .build();
    List<String> env = Arrays.asList(runAndLog(pod(b -> b, c), c).split("\n"));
    assertThat(env)
        .containsExactlyInAnyOrder(
            "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/override", "HOSTNAME=job-x-0-abcde", "A=1");
  }

  @Test
  void theDefaultWorkingDirectoryIsTheContainersOwnAndAGivenOneIsCreated() throws Exception {
    Container plain = sh("pwd");
    Pod pod = pod(b -> b, plain);
    PodSandbox sandbox = runtime.createSandbox(pod);
    runtime.start(sandbox, plain, 0).exit().get(10, TimeUnit.SECONDS);
    assertThat(log(sandbox, "main", 0).trim())
        .isEqualTo(sandbox.directory().resolve("main.work").toRealPath().toString());

    Path wanted = root.resolve("somewhere/deep");
    Container given = new ContainerBuilder(sh("pwd")).withWorkingDir(wanted.toString()).build();
    runtime.start(sandbox, given, 1).exit().get(10, TimeUnit.SECONDS);
    assertThat(log(sandbox, "main", 1).trim()).isEqualTo(wanted.toRealPath().toString());
  }

  @Test
  void emptyDirIsSharedByTheContainersOfAPodThroughRewrittenPaths() throws Exception {
    Volume scratch =
        new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build();
    VolumeMount mount = mount("/scratch", "scratch", null, null);
    Container writer =
        new ContainerBuilder(sh("echo data > /scratch/out.txt; echo $(DIR) $BATCHD_VOLUME_SCRATCH"))
            .withName("writer")
            .withEnv(new EnvVar("DIR", "/scratch/sub", null))
            .withVolumeMounts(mount)
            .build();
    Container reader =
        new ContainerBuilder(sh("cat /scratch/out.txt"))
            .withName("reader")
            .withVolumeMounts(mount)
            .build();
    Pod pod = pod(b -> b.editSpec().withVolumes(scratch).endSpec(), writer, reader);
    PodSandbox sandbox = runtime.createSandbox(pod);

    assertThat(runtime.start(sandbox, writer, 0).exit().get(10, TimeUnit.SECONDS).exitCode())
        .isZero();
    assertThat(runtime.start(sandbox, reader, 0).exit().get(10, TimeUnit.SECONDS).exitCode())
        .isZero();

    Path volume = sandbox.directory().resolve("volumes/scratch");
    assertThat(volume.resolve("out.txt")).hasContent("data");
    assertThat(log(sandbox, "writer", 0)).isEqualTo(volume + "/sub " + volume + "\n");
    assertThat(log(sandbox, "reader", 0)).isEqualTo("data\n");
  }

  @Test
  void subPathMountsADirectoryOfTheVolumeCreatingIt() throws Exception {
    Volume scratch =
        new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build();
    Container c =
        new ContainerBuilder(sh("echo x > /work/file"))
            .withEnv(new EnvVar("POD", "p1", null))
            .withVolumeMounts(mount("/work", "scratch", null, "logs/$(POD)"))
            .build();
    Pod pod = pod(b -> b.editSpec().withVolumes(scratch).endSpec(), c);
    PodSandbox sandbox = runtime.createSandbox(pod);
    assertThat(runtime.start(sandbox, c, 0).exit().get(10, TimeUnit.SECONDS).exitCode()).isZero();
    assertThat(sandbox.directory().resolve("volumes/scratch/logs/p1/file")).hasContent("x");

    Container missing =
        new ContainerBuilder(c)
            .withEnv()
            .withVolumeMounts(mount("/work", "scratch", null, "$(NOPE)"))
            .build();
    assertThatThrownBy(() -> runtime.start(sandbox, missing, 0))
        .isInstanceOf(ContainerConfigException.class)
        .hasMessage("missing value for NOPE");

    Container escaping =
        new ContainerBuilder(c).withVolumeMounts(mount("/work", "scratch", "../x", null)).build();
    assertThatThrownBy(() -> runtime.start(sandbox, escaping, 0))
        .isInstanceOf(ContainerConfigException.class)
        .hasMessageContaining("without '..'");
  }

  @Test
  void downwardApiFilesHoldPodFieldsAndResourcesWithTheirModes() throws Exception {
    Volume info =
        new VolumeBuilder()
            .withName("podinfo")
            .withNewDownwardAPI()
            .withDefaultMode(0640)
            .addNewItem()
            .withPath("labels")
            .withNewFieldRef()
            .withFieldPath("metadata.labels")
            .endFieldRef()
            .endItem()
            .addNewItem()
            .withPath("meta/index")
            .withMode(0400)
            .withNewFieldRef()
            .withFieldPath("metadata.annotations['batch.kubernetes.io/job-completion-index']")
            .endFieldRef()
            .endItem()
            .addNewItem()
            .withPath("mem")
            .withNewResourceFieldRef()
            .withContainerName("main")
            .withResource("limits.memory")
            .withDivisor(new Quantity("1Mi"))
            .endResourceFieldRef()
            .endItem()
            .endDownwardAPI()
            .build();
    Volume projected =
        new VolumeBuilder()
            .withName("projected")
            .withNewProjected()
            .addNewSource()
            .withNewDownwardAPI()
            .addNewItem()
            .withPath("name")
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endItem()
            .endDownwardAPI()
            .endSource()
            .endProjected()
            .build();
    Pod pod = pod(b -> b.editSpec().withVolumes(info, projected).endSpec(), sh("true"));
    PodSandbox sandbox = runtime.createSandbox(pod);

    Path dir = sandbox.directory().resolve("volumes/podinfo");
    assertThat(dir.resolve("labels")).hasContent("app=\"demo\"");
    assertThat(dir.resolve("meta/index")).hasContent("3");
    assertThat(dir.resolve("mem")).hasContent("4096");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("labels"))))
        .isEqualTo("rw-r-----");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("meta/index"))))
        .isEqualTo("r--------");
    Path name = sandbox.directory().resolve("volumes/projected/name");
    assertThat(name).hasContent("job-x-0-abcde");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(name)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void hostPathTypesAreCheckedAsTheKubeletChecksThem() throws Exception {
    Path existingFile = Files.writeString(root.resolve("file.txt"), "x");
    record Case(String path, String type, String error) {}
    List<Case> cases =
        List.of(
            new Case(root.resolve("made/dir").toString(), "DirectoryOrCreate", null),
            new Case(root.resolve("made/dir").toString(), "Directory", null),
            new Case(root.resolve("none").toString(), "Directory", "is not a directory"),
            new Case(existingFile.toString(), "Directory", "is not a directory"),
            new Case(existingFile.toString(), "DirectoryOrCreate", "is not a directory"),
            new Case(existingFile.toString(), "File", null),
            new Case(root.resolve("made/new.txt").toString(), "FileOrCreate", null),
            new Case(root.toString(), "File", "is not a file"),
            new Case(existingFile.toString(), "Socket", "is not a socket file"),
            new Case("/dev/null", "CharDevice", null),
            new Case(existingFile.toString(), "CharDevice", "is not a character device"),
            new Case(existingFile.toString(), "BlockDevice", "is not a block device"),
            new Case(root.resolve("untyped").toString(), "", null),
            new Case(existingFile.toString(), "Whatever", "Whatever is an invalid volume type"));
    for (Case c : cases) {
      Volume v = new VolumeBuilder().withName("host").withNewHostPath(c.path(), c.type()).build();
      Pod pod = pod(b -> b.editSpec().withVolumes(v).endSpec(), sh("true"));
      if (c.error() == null) {
        assertThat(runtime.createSandbox(pod)).as(c.toString()).isNotNull();
        assertThat(Path.of(c.path())).as(c.toString()).exists();
      } else {
        assertThatThrownBy(() -> runtime.createSandbox(pod))
            .as(c.toString())
            .isInstanceOf(ContainerConfigException.class)
            .hasMessageEndingWith(c.error());
      }
    }
    assertThat(root.resolve("made/new.txt")).isRegularFile();
  }

  @Test
  void unsupportedVolumesAreConfigErrorsAndOptionalConfigMapsAreEmpty() throws Exception {
    Volume pvc =
        new VolumeBuilder().withName("data").withNewPersistentVolumeClaim("claim", false).build();
    assertThatThrownBy(
            () ->
                runtime.createSandbox(
                    pod(b -> b.editSpec().withVolumes(pvc).endSpec(), sh("true"))))
        .isInstanceOf(ContainerConfigException.class)
        .hasMessageStartingWith(
            "volume \"data\": persistentVolumeClaim volumes are not supported by the process runtime");

    Volume configMap =
        new VolumeBuilder()
            .withName("cfg")
            .withNewConfigMap()
            .withName("settings")
            .endConfigMap()
            .build();
    assertThatThrownBy(
            () ->
                runtime.createSandbox(
                    pod(b -> b.editSpec().withVolumes(configMap).endSpec(), sh("true"))))
        .isInstanceOf(ContainerConfigException.class)
        .hasMessageContaining("configMap volumes are not supported");

    Volume optional =
        new VolumeBuilder()
            .withName("cfg")
            .withNewConfigMap()
            .withName("settings")
            .withOptional(true)
            .endConfigMap()
            .build();
    PodSandbox sandbox =
        runtime.createSandbox(pod(b -> b.editSpec().withVolumes(optional).endSpec(), sh("true")));
    assertThat(sandbox.directory().resolve("volumes/cfg")).isEmptyDirectory();
  }

  @Test
  void theTerminationMessageFileIsReadWhenTheContainerEnds() throws Exception {
    Container c = sh("printf 'all done' > /dev/termination-log; exit 1");
    assertThat(run(pod(b -> b, c), c).message()).isEqualTo("all done");

    Container custom =
        new ContainerBuilder(sh("echo -n custom > /tmp/msg/here"))
            .withTerminationMessagePath("/tmp/msg/here")
            .build();
    assertThat(run(pod(b -> b, custom), custom).message()).isEqualTo("custom");
  }

  @Test
  void fallbackToLogsOnErrorUsesTheLogTailOnlyOnFailure() throws Exception {
    Container failing =
        new ContainerBuilder(
                sh("i=0; while [ $i -lt 100 ]; do echo line$i; i=$((i+1)); done; exit 2"))
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .build();
    String message = run(pod(b -> b, failing), failing).message();
    assertThat(message).startsWith("line20\n").endsWith("line99\n");
    assertThat(message.split("\n")).hasSize(80);

    Container succeeding =
        new ContainerBuilder(sh("echo fine"))
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .build();
    assertThat(run(pod(b -> b, succeeding), succeeding).message()).isNull();
  }

  @Test
  void stopSendsTermToTheGroupAndATrappingProcessExitsOnItsOwn() throws Exception {
    Container c = sh("trap 'echo bye; exit 0' TERM; echo ready; while true; do sleep 0.05; done");
    Pod pod = pod(b -> b, c);
    PodSandbox sandbox = runtime.createSandbox(pod);
    RunningContainer running = runtime.start(sandbox, c, 0);
    await().atMost(WAIT).until(() -> log(sandbox, "main", 0).contains("ready"));

    running.stop(Duration.ofSeconds(30));
    ContainerExit exit = running.exit().get(10, TimeUnit.SECONDS);
    assertThat(exit.exitCode()).isZero();
    // the shell may also report on stderr that its sleep was terminated
    assertThat(log(sandbox, "main", 0)).startsWith("ready\n").contains("bye\n");
  }

  @Test
  void stopKillsAProcessThatIgnoresTermAfterTheGrace() throws Exception {
    Container c = sh("trap '' TERM; echo ready; while true; do sleep 0.05; done");
    Pod pod = pod(b -> b, c);
    PodSandbox sandbox = runtime.createSandbox(pod);
    RunningContainer running = runtime.start(sandbox, c, 0);
    await().atMost(WAIT).until(() -> log(sandbox, "main", 0).contains("ready"));

    running.stop(Duration.ofMillis(200));
    ContainerExit exit = running.exit().get(10, TimeUnit.SECONDS);
    assertThat(exit.exitCode()).isEqualTo(137);
    assertThat(exit.signal()).isEqualTo(9);
    assertThat(exit.reason()).isEqualTo("Error");
  }

  @Test
  void theContainersChildrenDieWithIt() throws Exception {
    Container c = sh("sleep 60 & echo $! > $(DIR)/child; echo ready; wait");
    c = new ContainerBuilder(c).withEnv(new EnvVar("DIR", root.toString(), null)).build();
    Pod pod = pod(b -> b, c);
    PodSandbox sandbox = runtime.createSandbox(pod);
    RunningContainer running = runtime.start(sandbox, c, 0);
    await().atMost(WAIT).until(() -> log(sandbox, "main", 0).contains("ready"));
    long child = Long.parseLong(Files.readString(root.resolve("child")).trim());
    assertThat(ProcessHandle.of(child)).isPresent();

    running.stop(Duration.ZERO);
    assertThat(running.exit().get(10, TimeUnit.SECONDS).signal()).isEqualTo(9);
    await().atMost(WAIT).until(() -> !isRunning(child));
  }

  @Test
  void backgroundProcessesAreKilledWhenTheMainProcessExits() throws Exception {
    Container c = sh("sleep 60 & echo $!");
    Pod pod = pod(b -> b, c);
    PodSandbox sandbox = runtime.createSandbox(pod);
    ContainerExit exit = runtime.start(sandbox, c, 0).exit().get(10, TimeUnit.SECONDS);
    assertThat(exit.exitCode()).isZero();
    long child = Long.parseLong(log(sandbox, "main", 0).trim());
    await().atMost(WAIT).until(() -> !isRunning(child));
  }

  /** Alive and not a zombie (this machine's init does not reap orphans). */
  private static boolean isRunning(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void eachContainerLeadsItsOwnProcessGroup() throws Exception {
    // "$$" is Kubernetes' escape for "$": the shell gets "$$"
    Container c = sh("cut -d' ' -f5 /proc/$$$$/stat; echo $$$$");
    String[] out = runAndLog(pod(b -> b, c), c).trim().split("\\s+");
    assertThat(out[0]).isEqualTo(out[1]);
  }

  @Test
  void aContainerWithoutCommandIsAConfigErrorThatSaysWhy() {
    Container c = new ContainerBuilder().withName("main").withImage("busybox").build();
    assertThatThrownBy(() -> runtime.start(runtime.createSandbox(pod(b -> b, c)), c, 0))
        .isInstanceOf(ContainerConfigException.class)
        .hasMessageContaining(
            "has no command: the process runtime runs containers as host processes")
        .hasMessageContaining("set command");
  }

  @Test
  void aMissingExecutableIsAStartError() throws Exception {
    Container notOnPath =
        new ContainerBuilder().withName("main").withCommand("no-such-command-xyz").build();
    PodSandbox sandbox = runtime.createSandbox(pod(b -> b, notOnPath));
    assertThatThrownBy(() -> runtime.start(sandbox, notOnPath, 0))
        .isInstanceOf(ContainerStartException.class)
        .hasMessage("exec: \"no-such-command-xyz\": executable file not found in $PATH");

    Container missingPath =
        new ContainerBuilder().withName("main").withCommand("/no/such/file").build();
    assertThatThrownBy(() -> runtime.start(sandbox, missingPath, 0))
        .isInstanceOf(ContainerStartException.class)
        .hasMessage("exec: \"/no/such/file\": stat /no/such/file: no such file or directory");

    Container onContainerPath =
        new ContainerBuilder()
            .withName("main")
            .withCommand("true")
            .withEnv(new EnvVar("PATH", "/nowhere", null))
            .build();
    assertThatThrownBy(() -> runtime.start(sandbox, onContainerPath, 0))
        .isInstanceOf(ContainerStartException.class)
        .hasMessageContaining("executable file not found in $PATH");
  }

  @Test
  void removeSandboxDeletesThePodsDirectoryButNotHostPaths() throws Exception {
    Path host = Files.createDirectories(root.resolve("keep"));
    Files.writeString(host.resolve("f"), "x");
    Volume hostVolume =
        new VolumeBuilder().withName("host").withNewHostPath(host.toString(), "Directory").build();
    Volume scratch =
        new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build();
    Container c = sh("echo hi > /scratch/x");
    c = new ContainerBuilder(c).withVolumeMounts(mount("/scratch", "scratch", null, null)).build();
    Pod pod = pod(b -> b.editSpec().withVolumes(hostVolume, scratch).endSpec(), c);
    PodSandbox sandbox = runtime.createSandbox(pod);
    runtime.start(sandbox, c, 0).exit().get(10, TimeUnit.SECONDS);

    Path link = Files.createSymbolicLink(sandbox.directory().resolve("link-to-host"), host);

    runtime.removeSandbox(sandbox);
    assertThat(sandbox.directory()).doesNotExist();
    // Moved away at once, deleted in the background without following the link.
    Path removed = root.resolve("removed");
    await().atMost(WAIT).until(() -> isEmptyDirectory(removed));
    assertThat(link).doesNotExist();
    assertThat(host.resolve("f")).hasContent("x");
  }

  @Test
  void sandboxesLeftForDeletionByAnEarlierRunAreDeletedAtStart() throws Exception {
    Path leftover = Files.createDirectories(root.resolve("again/removed/ns_pod_uid.1/main.work"));
    Files.writeString(leftover.resolve("0.log"), "x");
    try (ProcessRuntime again =
        new ProcessRuntime(
            root.resolve("again"), ALLOCATABLE, List.of("192.0.2.10"), Map.of(), mechanism)) {
      await().atMost(WAIT).until(() -> isEmptyDirectory(root.resolve("again/removed")));
    }
  }

  private static boolean isEmptyDirectory(Path directory) throws java.io.IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    }
  }

  @Test
  void resourceEnforcementSaysWhyLimitsAreNotEnforcedHere() {
    ResourceEnforcement enforcement = runtime.resourceEnforcement();
    assertThat(enforcement.memory()).isFalse();
    assertThat(enforcement.cpu()).isFalse();
    assertThat(enforcement.message()).startsWith("memory and CPU limits are not enforced: ");
    assertThat(runtime.name()).isEqualTo("process");
  }
}
