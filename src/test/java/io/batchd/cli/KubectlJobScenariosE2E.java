package io.batchd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.testing.ChildServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs that really run, driven by the installed kubectl against the packaged jar as a user would:
 * {@code apply -f}, {@code wait --for=condition=...}, {@code logs job/x}, {@code describe job x}
 * with the controller's events, and the STATUS column of {@code get jobs} through a Job's life.
 *
 * <p>Outputs are compared exactly after {@link KubectlJobsE2E#normalise} and after masking what
 * differs from run to run here too: the random suffix of pod names and the times {@code describe}
 * prints. The server retries failed pods after 1 s instead of 10 s. Each test has its own
 * namespace.
 */
class KubectlJobScenariosE2E {
  private static final Pattern DESCRIBED_TIME =
      Pattern.compile("(?m)^((?:Start Time|Completed At|Duration):\\s+).+$");

  @TempDir static Path dataDir;
  @TempDir static Path gates;
  private static ChildServer server;

  @TempDir Path home;
  @TempDir Path files;

  @BeforeAll
  static void startServer() throws Exception {
    server =
        ChildServer.start(
            dataDir,
            List.of("--pod-failure-backoff", "PT1S", "--container-restart-backoff", "PT1S"));
    assertThat(dataDir.resolve("kubeconfig")).exists();
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  record Result(int exitCode, String stdout, String stderr) {}

  /** Runs {@code kubectl --request-timeout=20s ARGS}, waiting at most 90 s. */
  private Result kubectl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("kubectl", "--request-timeout=20s"));
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile(files, "kubectl", ".out");
    Path stderr = Files.createTempFile(files, "kubectl", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().put("HOME", home.toString());
    builder.environment().put("KUBECONFIG", dataDir.resolve("kubeconfig").toString());
    Process process = builder.start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(command + " did not finish within 90 s");
    }
    return new Result(
        process.exitValue(),
        Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
  }

  /** kubectl ARGS must succeed and print exactly {@code stdout} (masked) and nothing on stderr. */
  private void expect(String stdout, String... args) throws Exception {
    Result result = kubectl(args);
    String line = String.join(" ", args);
    assertThat(result.exitCode()).as("exit code of kubectl %s\n%s", line, result).isZero();
    assertThat(mask(result.stdout())).as("stdout of kubectl %s", line).isEqualTo(stdout);
    assertThat(result.stderr()).as("stderr of kubectl %s", line).isEmpty();
  }

  /** What {@link KubectlJobsE2E#normalise} masks, plus pod-name suffixes and described times. */
  private static String mask(String text) {
    String s = KubectlJobsE2E.normalise(text);
    s = Pattern.compile("\\b([a-z]+)-[a-z0-9]{5}\\b").matcher(s).replaceAll("$1-<rnd>");
    return DESCRIBED_TIME.matcher(s).replaceAll("$1<time>");
  }

  private Path file(String name, String content) throws IOException {
    return Files.writeString(files.resolve(name), content);
  }

  private void namespace(String name) throws Exception {
    expect("namespace/" + name + " created\n", "create", "namespace", name);
  }

  private static String jobYaml(String name, String spec, String script) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %s
        spec:
        %s  template:
            spec:
              restartPolicy: Never
              containers:
              - name: main
                image: busybox
                command: ["/bin/sh", "-c", %s]
        """
        .formatted(name, spec.indent(2), "\"" + script + "\"");
  }

  /** {@code describe job}'s part from the Events heading on. */
  private String describedEvents(String job, String ns) throws Exception {
    Result result = kubectl("describe", "job", job, "-n", ns);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    String out = mask(result.stdout());
    return out.substring(out.indexOf("Events:"));
  }

  @Test
  void aJobWithThreeCompletionsTwoAtATimeCompletesAndIsDescribed() throws Exception {
    namespace("e2e-complete");
    Path job =
        file("x.yaml", jobYaml("x", "completions: 3\nparallelism: 2\n", "echo hello from pod"));

    expect("job.batch/x created\n", "apply", "-f", job.toString(), "-n", "e2e-complete");
    expect(
        "job.batch/x condition met\n",
        "wait",
        "--for=condition=complete",
        "job/x",
        "--timeout=60s",
        "-n",
        "e2e-complete");

    Result logs = kubectl("logs", "job/x", "-n", "e2e-complete");
    assertThat(logs.exitCode()).isZero();
    assertThat(logs.stdout()).isEqualTo("hello from pod\n");
    assertThat(mask(logs.stderr())).isEqualTo("Found 3 pods, using pod/x-<rnd>\n");
    expect(
        """
        NAME   STATUS     COMPLETIONS   DURATION   AGE
        x      Complete   3/3           <age>      <age>
        """,
        "get",
        "jobs",
        "-n",
        "e2e-complete");
    expect(
        """
        NAME      READY   STATUS      RESTARTS   AGE
        x-<rnd>   0/1     Completed   0          <age>
        x-<rnd>   0/1     Completed   0          <age>
        x-<rnd>   0/1     Completed   0          <age>
        """,
        "get",
        "pods",
        "-l",
        "job-name=x",
        "-n",
        "e2e-complete");
    expect(
        """
        Name:             x
        Namespace:        e2e-complete
        Selector:         batch.kubernetes.io/controller-uid=<uid>
        Labels:           batch.kubernetes.io/controller-uid=<uid>
                          batch.kubernetes.io/job-name=x
                          controller-uid=<uid>
                          job-name=x
        Annotations:      <none>
        Parallelism:      2
        Completions:      3
        Completion Mode:  NonIndexed
        Suspend:          false
        Backoff Limit:    6
        Start Time:       <time>
        Completed At:     <time>
        Duration:         <time>
        Pods Statuses:    0 Active (0 Ready) / 3 Succeeded / 0 Failed
        Pod Template:
          Labels:  batch.kubernetes.io/controller-uid=<uid>
                   batch.kubernetes.io/job-name=x
                   controller-uid=<uid>
                   job-name=x
          Containers:
           main:
            Image:      busybox
            Port:       <none>
            Host Port:  <none>
            Command:
              /bin/sh
              -c
              echo hello from pod
            Environment:   <none>
            Mounts:        <none>
          Volumes:         <none>
          Node-Selectors:  <none>
          Tolerations:     <none>
        Events:
          Type    Reason            Age   From            Message
          ----    ------            ----  ----            -------
          Normal  SuccessfulCreate  <age> job-controller  Created pod: x-<rnd>
          Normal  SuccessfulCreate  <age> job-controller  Created pod: x-<rnd>
          Normal  SuccessfulCreate  <age> job-controller  Created pod: x-<rnd>
          Normal  Completed         <age> job-controller  Job completed
        """,
        "describe",
        "job",
        "x",
        "-n",
        "e2e-complete");
  }

  @Test
  void aJobPastItsBackoffLimitShowsFailedAndWhy() throws Exception {
    namespace("e2e-failed");
    Path job = file("f.yaml", jobYaml("f", "backoffLimit: 1\n", "echo failing; exit 2"));

    expect("job.batch/f created\n", "apply", "-f", job.toString(), "-n", "e2e-failed");
    expect(
        "job.batch/f condition met\n",
        "wait",
        "--for=condition=failed",
        "job/f",
        "--timeout=60s",
        "-n",
        "e2e-failed");

    expect(
        """
        NAME   STATUS   COMPLETIONS   DURATION   AGE
        f      Failed   0/1           <age>      <age>
        """,
        "get",
        "jobs",
        "-n",
        "e2e-failed");
    expect(
        """
        NAME      READY   STATUS   RESTARTS   AGE
        f-<rnd>   0/1     Error    0          <age>
        f-<rnd>   0/1     Error    0          <age>
        """,
        "get",
        "pods",
        "-l",
        "job-name=f",
        "-n",
        "e2e-failed");
    expect(
        "BackoffLimitExceeded: Job has reached the specified backoff limit\n",
        "get",
        "job",
        "f",
        "-n",
        "e2e-failed",
        "-o",
        "jsonpath={.status.conditions[?(@.type==\"Failed\")].reason}: "
            + "{.status.conditions[?(@.type==\"Failed\")].message}\n");
    assertThat(describedEvents("f", "e2e-failed"))
        .isEqualTo(
            """
            Events:
              Type     Reason                Age   From            Message
              ----     ------                ----  ----            -------
              Normal   SuccessfulCreate      <age> job-controller  Created pod: f-<rnd>
              Normal   SuccessfulCreate      <age> job-controller  Created pod: f-<rnd>
              Warning  BackoffLimitExceeded  <age> job-controller  Job has reached the specified backoff limit
            """);
  }

  @Test
  void aSuspendedJobShowsSuspendedThenRunsWhenResumed() throws Exception {
    namespace("e2e-suspend");
    Path gate = gates.resolve("suspend");
    Path job =
        file(
            "s.yaml",
            jobYaml("s", "suspend: true\n", "until [ -f " + gate + " ]; do sleep 0.1; done"));

    expect("job.batch/s created\n", "apply", "-f", job.toString(), "-n", "e2e-suspend");
    expect(
        "job.batch/s condition met\n",
        "wait",
        "--for=condition=suspended",
        "job/s",
        "--timeout=60s",
        "-n",
        "e2e-suspend");
    expect(
        """
        NAME   STATUS      COMPLETIONS   DURATION   AGE
        s      Suspended   0/1                      <age>
        """,
        "get",
        "jobs",
        "-n",
        "e2e-suspend");
    assertThat(describedEvents("s", "e2e-suspend"))
        .isEqualTo(
            """
            Events:
              Type    Reason     Age   From            Message
              ----    ------     ----  ----            -------
              Normal  Suspended  <age> job-controller  Job suspended
            """);

    expect(
        "job.batch/s patched\n",
        "patch",
        "job",
        "s",
        "-n",
        "e2e-suspend",
        "-p",
        "{\"spec\":{\"suspend\":false}}");
    expect(
        "job.batch/s condition met\n",
        "wait",
        "--for=jsonpath={.status.ready}=1",
        "job/s",
        "--timeout=60s",
        "-n",
        "e2e-suspend");
    expect(
        """
        NAME   STATUS    COMPLETIONS   DURATION   AGE
        s      Running   0/1           <age>      <age>
        """,
        "get",
        "jobs",
        "-n",
        "e2e-suspend");
    expect(
        """
        NAME      READY   STATUS    RESTARTS   AGE
        s-<rnd>   1/1     Running   0          <age>
        """,
        "get",
        "pods",
        "-l",
        "job-name=s",
        "-n",
        "e2e-suspend");

    Files.writeString(gate, "open");
    expect(
        "job.batch/s condition met\n",
        "wait",
        "--for=condition=complete",
        "job/s",
        "--timeout=60s",
        "-n",
        "e2e-suspend");
    expect(
        """
        NAME   STATUS     COMPLETIONS   DURATION   AGE
        s      Complete   1/1           <age>      <age>
        """,
        "get",
        "jobs",
        "-n",
        "e2e-suspend");
    assertThat(describedEvents("s", "e2e-suspend"))
        .isEqualTo(
            """
            Events:
              Type    Reason            Age   From            Message
              ----    ------            ----  ----            -------
              Normal  Suspended         <age> job-controller  Job suspended
              Normal  Resumed           <age> job-controller  Job resumed
              Normal  SuccessfulCreate  <age> job-controller  Created pod: s-<rnd>
              Normal  Completed         <age> job-controller  Job completed
            """);
  }

  // ---------------------------------------------------------------------------------------------
  // Cascading deletion: what becomes of a Job's pods.

  /** Like {@link #expect}, with the random suffix of {@code job}'s pod names as "xxxxx". */
  private void expectAboutPods(String job, String stdout, String... args) throws Exception {
    Result result = kubectl(args);
    assertThat(result.exitCode())
        .as("exit code of kubectl %s\n%s", String.join(" ", args), result)
        .isZero();
    assertThat(podSuffixes(job, KubectlJobsE2E.normalise(result.stdout())))
        .as("stdout of kubectl %s", String.join(" ", args))
        .isEqualTo(stdout);
    assertThat(result.stderr()).as("stderr of kubectl %s", String.join(" ", args)).isEmpty();
  }

  private static String podSuffixes(String job, String text) {
    return text.replaceAll("\\b" + Pattern.quote(job) + "-[a-z0-9]{5}\\b", job + "-xxxxx");
  }

  /** Creates a Job of one pod that sleeps, and waits until the pod runs. */
  private void createSleepingJob(String name, String namespace) throws Exception {
    expect(
        "job.batch/" + name + " created\n",
        "create",
        "job",
        name,
        "-n",
        namespace,
        "--image=busybox",
        "--",
        "sleep",
        "300");
    // kubectl wait fails at once while nothing matches: wait for the Job controller first.
    await().atMost(Duration.ofSeconds(30)).until(() -> !podsOf(name, namespace).isEmpty());
    expectAboutPods(
        name,
        "pod/" + name + "-xxxxx condition met\n",
        "wait",
        "--for=condition=Ready",
        "pod",
        "-l",
        "job-name=" + name,
        "-n",
        namespace,
        "--timeout=60s");
  }

  /** The names of the Job's pods, one a line ("" when there is none). */
  private String podsOf(String job, String namespace) throws Exception {
    Result result = kubectl("get", "pods", "-l", "job-name=" + job, "-n", namespace, "-o", "name");
    assertThat(result.exitCode()).as("%s", result).isZero();
    return podSuffixes(job, KubectlJobsE2E.normalise(result.stdout() + result.stderr()));
  }

  @Test
  void deletingAJobDeletesItsPods() throws Exception {
    namespace("e2e-cascade");
    createSleepingJob("bg", "e2e-cascade");

    expect("job.batch \"bg\" deleted\n", "delete", "job", "bg", "-n", "e2e-cascade");

    await().atMost(Duration.ofSeconds(60)).until(() -> podsOf("bg", "e2e-cascade").isEmpty());
  }

  @Test
  void deletingAJobWithCascadeOrphanKeepsItsPods() throws Exception {
    namespace("e2e-orphan");
    createSleepingJob("keep", "e2e-orphan");

    expect(
        "job.batch \"keep\" deleted\n",
        "delete",
        "job",
        "keep",
        "--cascade=orphan",
        "-n",
        "e2e-orphan");

    Result jobs = kubectl("get", "jobs", "-n", "e2e-orphan");
    assertThat(jobs.stderr()).isEqualTo("No resources found in e2e-orphan namespace.\n");
    assertThat(podsOf("keep", "e2e-orphan")).isEqualTo("pod/keep-xxxxx\n");
    expect(
        "Running \n",
        "get",
        "pods",
        "-l",
        "job-name=keep",
        "-n",
        "e2e-orphan",
        "-o",
        "jsonpath={.items[0].status.phase} {.items[0].metadata.ownerReferences}{\"\\n\"}");
    expectAboutPods(
        "keep",
        "pod \"keep-xxxxx\" deleted\n",
        "delete",
        "pods",
        "-l",
        "job-name=keep",
        "--grace-period=0",
        "-n",
        "e2e-orphan");
  }

  @Test
  void deletingAJobWithCascadeForegroundReturnsOnceItsPodsAreGone() throws Exception {
    namespace("e2e-foreground");
    createSleepingJob("fg", "e2e-foreground");

    expect(
        "job.batch \"fg\" deleted\n",
        "delete",
        "job",
        "fg",
        "--cascade=foreground",
        "-n",
        "e2e-foreground");

    // kubectl waited for the Job, which waited for its pod.
    assertThat(podsOf("fg", "e2e-foreground")).isEmpty();
  }
}
