package io.batchd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.testing.ChildServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gcloud run jobs} against the packaged jar: a throwaway gcloud config whose Run endpoint is
 * batchd's plain-HTTP port, with gcloud's proxy set to the same port, since gcloud prefixes the
 * region to the endpoint's host (reference/clients.md, section 2). Skipped where gcloud is not
 * installed.
 */
class GcloudRunJobsE2E {
  private static final long TIMEOUT_SECONDS = 120;

  @TempDir static Path dataDir;
  @TempDir static Path config;
  private static ChildServer server;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(
        new ProcessBuilder("sh", "-c", "command -v gcloud").start().waitFor() == 0,
        "gcloud is not installed");
    server = ChildServer.start(dataDir, List.of("--pod-failure-backoff", "PT1S"));
    int p = URI.create(server.insecureUrl()).getPort();
    Files.writeString(config.resolve("gce"), "False");
    for (String[] setting :
        new String[][] {
          {"api_endpoint_overrides/run", "http://127.0.0.1:" + p + "/"},
          {"auth/access_token_file", dataDir.resolve("token").toString()},
          {"core/project", "proj"},
          {"core/should_prompt_to_enable_api", "false"},
          {"component_manager/disable_update_check", "true"},
          {"core/disable_usage_reporting", "true"},
          {"proxy/type", "http"},
          {"proxy/address", "127.0.0.1"},
          {"proxy/port", Integer.toString(p)},
          {"run/region", "us-central1"}
        }) {
      assertThat(gcloud("config", "set", setting[0], setting[1]).code()).isZero();
    }
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  private record Result(int code, String stdout, String stderr) {}

  private static Result gcloud(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("gcloud"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(config, "out", ".txt");
    Path err = Files.createTempFile(config, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> env = builder.environment();
    env.put("CLOUDSDK_CONFIG", config.toString());
    env.put("CLOUDSDK_CORE_DISABLE_PROMPTS", "1");
    // A closed port: gcloud must never reach a metadata server.
    env.put("GCE_METADATA_ROOT", "127.0.0.1:9");
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("gcloud " + String.join(" ", args) + " did not finish");
    }
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static String ok(String... args) throws Exception {
    Result r = gcloud(args);
    assertThat(r.code()).as("gcloud %s: %s", String.join(" ", args), r.stderr()).isZero();
    return r.stdout() + r.stderr();
  }

  @Test
  void jobsAreCreatedUpdatedExecutedListedAndDeleted() throws Exception {
    assertThat(
            ok(
                "run",
                "jobs",
                "create",
                "multi",
                "--image=busybox",
                "--command=/bin/sh",
                "--args=-c,test $CLOUD_RUN_TASK_COUNT = 3",
                "--tasks=2",
                "--parallelism=2",
                "--max-retries=1",
                "--task-timeout=5m",
                "--set-env-vars=A=1"))
        .contains("has successfully been created");
    assertThat(ok("run", "jobs", "update", "multi", "--tasks=3")).contains("multi");
    assertThat(ok("run", "jobs", "describe", "multi")).contains("Tasks:        3");
    assertThat(ok("run", "jobs", "execute", "multi", "--wait"))
        .contains("has successfully completed");
    assertThat(ok("run", "jobs", "list")).contains("multi");
    String execution =
        ok("run", "jobs", "executions", "list", "--job=multi", "--format=value(metadata.name)")
            .trim();
    assertThat(execution).startsWith("multi-");
    assertThat(ok("run", "jobs", "executions", "describe", execution))
        .contains("3 tasks completed successfully");
    assertThat(ok("run", "jobs", "executions", "delete", execution)).contains("Deleted execution");
    assertThat(ok("run", "jobs", "delete", "multi")).contains("Deleted job");
    Result gone = gcloud("run", "jobs", "describe", "multi");
    assertThat(gone.code()).isNotZero();
    assertThat(gone.stderr()).contains("Cannot find job [multi]");
  }

  @Test
  void failingExecutionFailsAfterItsRetries() throws Exception {
    ok(
        "run",
        "jobs",
        "create",
        "failing",
        "--image=busybox",
        "--command=/bin/sh",
        "--args=-c,exit 4",
        "--max-retries=1");
    Result r = gcloud("run", "jobs", "execute", "failing", "--wait");
    assertThat(r.code()).isNotZero();
    assertThat(r.stderr()).contains("The execution failed");
    assertThat(ok("run", "jobs", "executions", "list", "--job=failing")).contains("0 / 1");
  }

  @Test
  void runningExecutionIsCancelled() throws Exception {
    ok("run", "jobs", "create", "sleepy", "--image=busybox", "--command=sleep", "--args=600");
    assertThat(ok("run", "jobs", "execute", "sleepy")).contains("executions describe sleepy-");
    String execution =
        ok("run", "jobs", "executions", "list", "--job=sleepy", "--format=value(metadata.name)")
            .trim();
    assertThat(ok("run", "jobs", "executions", "cancel", execution))
        .contains("Cancelled execution [" + execution + "]");
    assertThat(ok("run", "jobs", "executions", "describe", execution)).contains("1 task cancelled");
  }
}
