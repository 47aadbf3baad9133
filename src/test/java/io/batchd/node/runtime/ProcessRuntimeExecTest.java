package io.batchd.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Commands run in a container's environment (exec probes), with real processes, once with each way
 * of starting them.
 */
@ParameterizedClass
@EnumSource(SpawnMechanism.class)
class ProcessRuntimeExecTest {
  @Parameter SpawnMechanism mechanism;
  @TempDir Path root;
  private ProcessRuntime runtime;
  private PodSandbox sandbox;
  private final Container container =
      new ContainerBuilder()
          .withName("main")
          .withImage("busybox")
          .withCommand("sleep", "60")
          .addNewEnv()
          .withName("GREETING")
          .withValue("hello")
          .endEnv()
          .addNewEnv()
          .withName("POD")
          .withNewValueFrom()
          .withNewFieldRef()
          .withFieldPath("metadata.name")
          .endFieldRef()
          .endValueFrom()
          .endEnv()
          .withWorkingDir("sub")
          .build();

  @BeforeEach
  void start() throws Exception {
    runtime =
        new ProcessRuntime(
            root,
            Map.of("cpu", new Quantity("2")),
            List.of("127.0.0.1"),
            Map.of("PATH", "/usr/bin:/bin"),
            mechanism);
    assertThat(runtime.spawnInfo().mechanism()).isEqualTo(mechanism);
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("web")
            .withNamespace("default")
            .withUid("uid-exec")
            .endMetadata()
            .withNewSpec()
            .withContainers(container)
            .endSpec()
            .build();
    sandbox = runtime.createSandbox(pod);
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  @Test
  void execSeesTheContainersEnvironmentAndWorkingDirectory() throws Exception {
    ExecResult result =
        runtime.exec(
            sandbox,
            container,
            0,
            List.of("/bin/sh", "-c", "echo $GREETING $POD $(GREETING); pwd"),
            Duration.ofSeconds(10));

    assertThat(result.timedOut()).isFalse();
    assertThat(result.exitCode()).isZero();
    String[] lines = result.output().split("\n");
    assertThat(lines[0]).isEqualTo("hello web hello");
    assertThat(Path.of(lines[1])).startsWith(root).endsWith(Path.of("main.work", "sub"));
  }

  @Test
  void execReportsTheExitCodeAndBothStreams() throws Exception {
    ExecResult result =
        runtime.exec(
            sandbox,
            container,
            0,
            List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"),
            Duration.ofSeconds(10));

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.output()).contains("out\n").contains("err\n");
  }

  @Test
  void execPastItsTimeoutIsKilled() throws Exception {
    long started = System.nanoTime();
    ExecResult result =
        runtime.exec(sandbox, container, 0, List.of("sleep", "30"), Duration.ofMillis(300));

    assertThat(result.timedOut()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }
}
