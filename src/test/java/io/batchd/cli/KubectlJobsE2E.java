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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed kubectl against the packaged jar: Job commands as a user types them, with their
 * exact output.
 *
 * <p>One server serves the whole class; each test works in a namespace of its own, so that tests
 * neither see nor disturb each other's Jobs, and runs kubectl with a HOME of its own, so that no
 * discovery cache is shared. Every kubectl call is bounded by {@code --request-timeout} and by a
 * wait on the process.
 *
 * <p>Output is compared exactly after {@link #normalise}, which rewrites only what differs from run
 * to run: UIDs, ages and durations in tables, timestamps and resourceVersions in YAML, and the
 * random suffix of generated names.
 */
class KubectlJobsE2E {
  private static final Duration KUBECTL_TIMEOUT = Duration.ofSeconds(60);
  private static final String REQUEST_TIMEOUT = "--request-timeout=20s";

  @TempDir static Path dataDir;
  private static ChildServer server;

  @TempDir Path home;
  @TempDir Path files;

  @BeforeAll
  static void startServer() throws Exception {
    // This suite checks the API's answers exactly; with controllers the Jobs would change
    // under it as they run (the Job E2E suites cover running them).
    server = ChildServer.start(dataDir, List.of("--no-controllers", "--no-local-node"));
    assertThat(dataDir.resolve("kubeconfig")).exists();
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The kubectl helper and the output normalisation.

  record Result(int exitCode, String stdout, String stderr) {}

  /** Runs {@code kubectl --request-timeout=20s ARGS}, waiting at most {@link #KUBECTL_TIMEOUT}. */
  private Result kubectl(String... args) throws Exception {
    return finish(start(args), KUBECTL_TIMEOUT);
  }

  private record Started(Process process, Path stdout, Path stderr, List<String> command) {}

  private Started start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("kubectl"));
    if (Arrays.stream(args).noneMatch(a -> a.startsWith("--request-timeout"))) {
      command.add(REQUEST_TIMEOUT);
    }
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile(files, "kubectl", ".out");
    Path stderr = Files.createTempFile(files, "kubectl", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().put("HOME", home.toString());
    builder.environment().put("KUBECONFIG", dataDir.resolve("kubeconfig").toString());
    return new Started(builder.start(), stdout, stderr, command);
  }

  private static Result finish(Started started, Duration timeout) throws Exception {
    if (!started.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      started.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(
          started.command() + " did not finish within " + timeout + ":\n" + read(started));
    }
    return read(started);
  }

  private static Result read(Started started) throws IOException {
    return new Result(
        started.process().isAlive() ? -1 : started.process().exitValue(),
        Files.readString(started.stdout(), StandardCharsets.UTF_8),
        Files.readString(started.stderr(), StandardCharsets.UTF_8));
  }

  /** kubectl ARGS must succeed, print exactly {@code stdout} (normalised) and nothing on stderr. */
  private void expect(String stdout, String... args) throws Exception {
    Result result = kubectl(args);
    assertThat(result.exitCode()).as("exit code of kubectl %s\n%s", line(args), result).isZero();
    assertThat(normalise(result.stdout())).as("stdout of kubectl %s", line(args)).isEqualTo(stdout);
    assertThat(result.stderr()).as("stderr of kubectl %s", line(args)).isEmpty();
  }

  /** kubectl ARGS must fail with exit code 1 and print exactly {@code stderr} (normalised). */
  private void expectError(String stderr, String... args) throws Exception {
    Result result = kubectl(args);
    assertThat(result.exitCode())
        .as("exit code of kubectl %s\n%s", line(args), result)
        .isEqualTo(1);
    assertThat(normalise(result.stderr())).as("stderr of kubectl %s", line(args)).isEqualTo(stderr);
    assertThat(result.stdout()).as("stdout of kubectl %s", line(args)).isEmpty();
  }

  private static String line(String... args) {
    return String.join(" ", args);
  }

  /** The stdout of a successful kubectl ARGS, as printed. */
  private String output(String... args) throws Exception {
    Result result = kubectl(args);
    assertThat(result.exitCode()).as("exit code of kubectl %s\n%s", line(args), result).isZero();
    assertThat(result.stderr()).as("stderr of kubectl %s", line(args)).isEmpty();
    return result.stdout();
  }

  private static final Pattern UID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern TIMESTAMP =
      Pattern.compile("\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"");
  private static final Pattern RESOURCE_VERSION = Pattern.compile("resourceVersion: \"\\d+\"");
  private static final Pattern GENERATED_NAME = Pattern.compile("\\bgen-[a-z0-9]{5}\\b");

  /**
   * A kubectl duration (0s, 42s, 2m5s, 3h, 5d…) standing alone in a table cell: preceded by a
   * space, followed by the column padding or the end of the line.
   */
  private static final Pattern AGE =
      Pattern.compile("(?<= )\\d+[smhdy](?:\\d+[smhdy])?( +|$)", Pattern.MULTILINE);

  /**
   * Rewrites what changes from run to run, and only that:
   *
   * <ul>
   *   <li>a UID becomes {@code <uid>};
   *   <li>a quoted RFC 3339 timestamp becomes {@code <time>} and {@code resourceVersion: "N"}
   *       becomes {@code resourceVersion: <rv>} (YAML output);
   *   <li>the 5 random characters after a {@code gen-} generateName prefix become {@code <rnd>};
   *   <li>a duration in a table cell (AGE, DURATION) becomes {@code <age>}, padded to the width the
   *       duration and its padding had, so that the columns after it stay aligned.
   * </ul>
   */
  static String normalise(String text) {
    String s = UID.matcher(text).replaceAll("<uid>");
    s = TIMESTAMP.matcher(s).replaceAll("<time>");
    s = RESOURCE_VERSION.matcher(s).replaceAll("resourceVersion: <rv>");
    s = GENERATED_NAME.matcher(s).replaceAll("gen-<rnd>");
    return AGE.matcher(s)
        .replaceAll(
            m -> {
              if (m.group(1).isEmpty()) {
                return "<age>";
              }
              int width = Math.max(m.group().length(), "<age> ".length());
              return "<age>" + " ".repeat(width - "<age>".length());
            });
  }

  /** The cells of a kubectl table, cut at the columns where the header's words begin. */
  static List<List<String>> cells(String table) {
    List<String> lines = table.lines().toList();
    List<Integer> starts = new ArrayList<>();
    Matcher word = Pattern.compile("\\S+").matcher(lines.getFirst());
    while (word.find()) {
      starts.add(word.start());
    }
    List<List<String>> rows = new ArrayList<>();
    for (String line : lines) {
      List<String> row = new ArrayList<>();
      for (int i = 0; i < starts.size(); i++) {
        int from = Math.min(starts.get(i), line.length());
        int to = i + 1 < starts.size() ? Math.min(starts.get(i + 1), line.length()) : line.length();
        row.add(line.substring(from, to).trim());
      }
      rows.add(row);
    }
    return rows;
  }

  private void createNamespace(String name) throws Exception {
    expect("namespace/" + name + " created\n", "create", "namespace", name);
  }

  private Path file(String name, String content) throws IOException {
    return Files.writeString(files.resolve(name), content);
  }

  private static String suspendedJobYaml(String name, String labels) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %s
          labels: {%s}
        spec:
          suspend: true
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: main
                image: busybox
        """
        .formatted(name, labels);
  }

  @Test
  void normaliseRewritesOnlyWhatChangesBetweenRuns() {
    assertThat(normalise("a   Running   0/1                      12s\n"))
        .isEqualTo("a   Running   0/1                      <age>\n");
    assertThat(normalise("x   2m5s     c\ny   9s       c\n"))
        .isEqualTo("x   <age>    c\ny   <age>    c\n");
    assertThat(normalise("j1   Running   0/1   s3 uid=0a1b2c3d-0000-4000-8000-00000000000a"))
        .isEqualTo("j1   Running   0/1   s3 uid=<uid>");
    assertThat(
            normalise("  creationTimestamp: \"2026-01-02T03:04:05Z\"\n  resourceVersion: \"42\""))
        .isEqualTo("  creationTimestamp: <time>\n  resourceVersion: <rv>");
    assertThat(normalise("job.batch/gen-x7k2p created")).isEqualTo("job.batch/gen-<rnd> created");
  }

  // ---------------------------------------------------------------------------------------------
  // Scenarios.

  @Test
  void createJobPostsProtobufAndGetJobsPrintsUpstreamsColumns() throws Exception {
    createNamespace("e2e-create");

    // kubectl's typed client POSTs protobuf, and does not fall back to JSON.
    Result verbose =
        kubectl(
            "create",
            "job",
            "hello",
            "-n",
            "e2e-create",
            "--image=busybox",
            "-v=8",
            "--",
            "echo",
            "hi");
    assertThat(verbose.exitCode()).as(verbose.toString()).isZero();
    assertThat(verbose.stdout()).isEqualTo("job.batch/hello created\n");
    assertThat(verbose.stderr())
        .containsPattern(
            "POST https://127\\.0\\.0\\.1:\\d+/apis/batch/v1/namespaces/e2e-create/jobs"
                + "\\?fieldManager=kubectl-create&fieldValidation=Strict")
        .containsPattern("Content-Type: application/vnd\\.kubernetes\\.protobuf\n")
        .containsPattern("Response Status: 201 Created");
    expect(
        "job.batch/world created\n",
        "create",
        "job",
        "world",
        "-n",
        "e2e-create",
        "--image=alpine");

    expect(
        """
        NAME    STATUS    COMPLETIONS   DURATION   AGE
        hello   Running   0/1                      <age>
        world   Running   0/1                      <age>
        """,
        "get",
        "jobs",
        "-n",
        "e2e-create");
    expect(
        """
        NAME    STATUS    COMPLETIONS   DURATION   AGE
        hello   Running   0/1                      <age>
        """,
        "get",
        "job",
        "hello",
        "-n",
        "e2e-create");
    expect("job.batch/hello\njob.batch/world\n", "get", "jobs", "-o", "name", "-n", "e2e-create");
    expectError(
        "Error from server (NotFound): jobs.batch \"nope\" not found\n",
        "get",
        "job",
        "nope",
        "-n",
        "e2e-create");
    Result none = kubectl("get", "jobs", "-n", "e2e-create", "-l", "no=such");
    assertThat(none.exitCode()).isZero();
    assertThat(none.stdout()).isEmpty();
    assertThat(none.stderr()).isEqualTo("No resources found in e2e-create namespace.\n");
  }

  @Test
  void wideOutputAddsContainersImagesAndSelector() throws Exception {
    createNamespace("e2e-wide");
    expect(
        "job.batch/wide created\n",
        "create",
        "job",
        "wide",
        "-n",
        "e2e-wide",
        "--image=busybox:1.36");

    expect(
        """
        NAME   STATUS    COMPLETIONS   DURATION   AGE   CONTAINERS   IMAGES         SELECTOR
        wide   Running   0/1                      <age> wide         busybox:1.36   batch.kubernetes.io/controller-uid=<uid>
        """,
        "get",
        "jobs",
        "-o",
        "wide",
        "-n",
        "e2e-wide");
  }

  @Test
  void yamlOutputShowsDefaultsTheGeneratedSelectorAndItsLabels() throws Exception {
    createNamespace("e2e-yaml");
    expect(
        "job.batch/defaults created\n",
        "create",
        "job",
        "defaults",
        "-n",
        "e2e-yaml",
        "--image=busybox",
        "--",
        "echo",
        "hi");

    String yaml = output("get", "job", "defaults", "-n", "e2e-yaml", "-o", "yaml");

    assertThat(normalise(yaml))
        .isEqualTo(
            """
            apiVersion: batch/v1
            kind: Job
            metadata:
              creationTimestamp: <time>
              generation: 1
              labels:
                batch.kubernetes.io/controller-uid: <uid>
                batch.kubernetes.io/job-name: defaults
                controller-uid: <uid>
                job-name: defaults
              name: defaults
              namespace: e2e-yaml
              resourceVersion: <rv>
              uid: <uid>
            spec:
              backoffLimit: 6
              completionMode: NonIndexed
              completions: 1
              manualSelector: false
              parallelism: 1
              podReplacementPolicy: TerminatingOrFailed
              selector:
                matchLabels:
                  batch.kubernetes.io/controller-uid: <uid>
              suspend: false
              template:
                metadata:
                  labels:
                    batch.kubernetes.io/controller-uid: <uid>
                    batch.kubernetes.io/job-name: defaults
                    controller-uid: <uid>
                    job-name: defaults
                spec:
                  containers:
                  - command:
                    - echo
                    - hi
                    image: busybox
                    imagePullPolicy: Always
                    name: defaults
                    resources: {}
                    terminationMessagePath: /dev/termination-log
                    terminationMessagePolicy: File
                  dnsPolicy: ClusterFirst
                  restartPolicy: Never
                  schedulerName: default-scheduler
                  securityContext: {}
                  terminationGracePeriodSeconds: 30
            status: {}
            """);
    // The one UID everywhere is the Job's own.
    String uid =
        output("get", "job", "defaults", "-n", "e2e-yaml", "-o", "jsonpath={.metadata.uid}");
    assertThat(UID.matcher(yaml).results().map(r -> r.group()).distinct()).containsExactly(uid);
  }

  @Test
  void labelAndAnnotateChangeMetadataOnly() throws Exception {
    createNamespace("e2e-label");
    expect(
        "job.batch/tagged created\n",
        "create",
        "job",
        "tagged",
        "-n",
        "e2e-label",
        "--image=busybox");

    expect("job.batch/tagged labeled\n", "label", "job", "tagged", "app=demo", "-n", "e2e-label");
    expectError(
        "error: 'app' already has a value (demo), and --overwrite is false\n",
        "label",
        "job",
        "tagged",
        "app=other",
        "-n",
        "e2e-label");
    expect(
        "job.batch/tagged labeled\n",
        "label",
        "job",
        "tagged",
        "app=other",
        "tier=batch",
        "--overwrite",
        "-n",
        "e2e-label");
    expect("job.batch/tagged unlabeled\n", "label", "job", "tagged", "tier-", "-n", "e2e-label");
    expect(
        "job.batch/tagged annotated\n",
        "annotate",
        "job",
        "tagged",
        "owner=team-a",
        "-n",
        "e2e-label");
    expect(
        "job.batch/tagged annotated\n",
        "annotate",
        "job",
        "tagged",
        "owner=team-b",
        "--overwrite",
        "-n",
        "e2e-label");

    expect(
        "other team-b 1\n",
        "get",
        "job",
        "tagged",
        "-n",
        "e2e-label",
        "-o",
        "jsonpath={.metadata.labels.app} {.metadata.annotations.owner} {.metadata.generation}\n");
    expect(
        """
        NAME     STATUS    COMPLETIONS   DURATION   AGE   LABELS
        tagged   Running   0/1                      <age> app=other,batch.kubernetes.io/controller-uid=<uid>,batch.kubernetes.io/job-name=tagged,controller-uid=<uid>,job-name=tagged
        """,
        "get",
        "jobs",
        "--show-labels",
        "-n",
        "e2e-label");
    expect(
        """
        NAME     STATUS    COMPLETIONS   DURATION   AGE
        tagged   Running   0/1                      <age>
        """,
        "get",
        "jobs",
        "-l",
        "app=other,!tier",
        "-n",
        "e2e-label");
  }

  private static final String GENERATION_AND_PARALLELISM =
      "jsonpath={.metadata.generation} {.spec.parallelism} {.spec.backoffLimit}"
          + " {.spec.activeDeadlineSeconds}\n";

  @Test
  void mergePatchChangesTheSpecAndBumpsTheGeneration() throws Exception {
    createNamespace("e2e-merge");
    expect(
        "job.batch/merged created\n",
        "create",
        "job",
        "merged",
        "-n",
        "e2e-merge",
        "--image=busybox");

    expect(
        "job.batch/merged patched\n",
        "patch",
        "job",
        "merged",
        "-n",
        "e2e-merge",
        "--type=merge",
        "-p",
        "{\"spec\":{\"parallelism\":3,\"activeDeadlineSeconds\":600}}");
    expect(
        "job.batch/merged patched (no change)\n",
        "patch",
        "job",
        "merged",
        "-n",
        "e2e-merge",
        "--type=merge",
        "-p",
        "{\"spec\":{\"parallelism\":3}}");
    expect(
        "2 3 6 600\n", "get", "job", "merged", "-n", "e2e-merge", "-o", GENERATION_AND_PARALLELISM);

    // null removes a field in a merge patch.
    expect(
        "job.batch/merged patched\n",
        "patch",
        "job",
        "merged",
        "-n",
        "e2e-merge",
        "--type=merge",
        "-p",
        "{\"spec\":{\"activeDeadlineSeconds\":null}}");
    expect("3 3 6 \n", "get", "job", "merged", "-n", "e2e-merge", "-o", GENERATION_AND_PARALLELISM);
  }

  @Test
  void jsonPatchAddsReplacesAndRemoves() throws Exception {
    createNamespace("e2e-json");
    expect(
        "job.batch/jsoned created\n",
        "create",
        "job",
        "jsoned",
        "-n",
        "e2e-json",
        "--image=busybox");

    expect(
        "job.batch/jsoned patched\n",
        "patch",
        "job",
        "jsoned",
        "-n",
        "e2e-json",
        "--type=json",
        "-p",
        "[{\"op\":\"replace\",\"path\":\"/spec/backoffLimit\",\"value\":2},"
            + "{\"op\":\"add\",\"path\":\"/spec/activeDeadlineSeconds\",\"value\":30},"
            + "{\"op\":\"add\",\"path\":\"/metadata/labels/app\",\"value\":\"j\"}]");
    expect(
        "2 1 2 30\n", "get", "job", "jsoned", "-n", "e2e-json", "-o", GENERATION_AND_PARALLELISM);
    expect(
        "job.batch/jsoned patched\n",
        "patch",
        "job",
        "jsoned",
        "-n",
        "e2e-json",
        "--type=json",
        "-p",
        "[{\"op\":\"remove\",\"path\":\"/spec/activeDeadlineSeconds\"}]");
    expect("3 1 2 \n", "get", "job", "jsoned", "-n", "e2e-json", "-o", GENERATION_AND_PARALLELISM);

    // A failed "test" operation applies nothing. Upstream answers 422 with the generic message
    // "the server rejected our request due to an error in our request"; batchd adds a cause
    // naming the failed operation, which kubectl prints instead.
    expectError(
        "The request is invalid: patch: the JSON patch could not be applied: Expected value 5 but"
            + " found value 1\n",
        "patch",
        "job",
        "jsoned",
        "-n",
        "e2e-json",
        "--type=json",
        "-p",
        "[{\"op\":\"test\",\"path\":\"/spec/parallelism\",\"value\":5},"
            + "{\"op\":\"replace\",\"path\":\"/spec/backoffLimit\",\"value\":0}]");
    expect("3 1 2 \n", "get", "job", "jsoned", "-n", "e2e-json", "-o", GENERATION_AND_PARALLELISM);
  }

  @Test
  void jsonPatchRemovingAMissingPathIsRefused() throws Exception {
    createNamespace("e2e-json-missing");
    expect(
        "job.batch/missing created\n",
        "create",
        "job",
        "missing",
        "-n",
        "e2e-json-missing",
        "--image=busybox");

    expectError(
        "The request is invalid: patch: the JSON patch could not be applied: Missing field"
            + " activeDeadlineSeconds\n",
        "patch",
        "job",
        "missing",
        "-n",
        "e2e-json-missing",
        "--type=json",
        "-p",
        "[{\"op\":\"remove\",\"path\":\"/spec/activeDeadlineSeconds\"}]");
  }

  @Test
  void strategicPatchMergesListsByKeyAndIsKubectlsDefault() throws Exception {
    createNamespace("e2e-smp");
    file("queued.yaml", suspendedJobYaml("queued", "app: smp"));
    expect(
        "job.batch/queued created\n",
        "create",
        "--validate=false",
        "-f",
        files.resolve("queued.yaml").toString(),
        "-n",
        "e2e-smp");

    // The default patch type is strategic merge; a plain field behaves as in a merge patch.
    expect(
        "job.batch/queued patched\n",
        "patch",
        "job",
        "queued",
        "-n",
        "e2e-smp",
        "-p",
        "{\"spec\":{\"parallelism\":2}}");
    // A suspended Job that never started may change its template's labels and node selector;
    // the patch adds to the generated labels instead of replacing them.
    expect(
        "job.batch/queued patched\n",
        "patch",
        "job",
        "queued",
        "-n",
        "e2e-smp",
        "--type=strategic",
        "-p",
        "{\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"queue\":\"q1\"}},"
            + "\"spec\":{\"nodeSelector\":{\"disk\":\"ssd\"}}}}}");
    expect(
        "3 2 q1 queued ssd main\n",
        "get",
        "job",
        "queued",
        "-n",
        "e2e-smp",
        "-o",
        "jsonpath={.metadata.generation} {.spec.parallelism} {.spec.template.metadata.labels.queue}"
            + " {.spec.template.metadata.labels.job-name} {.spec.template.spec.nodeSelector.disk}"
            + " {.spec.template.spec.containers[*].name}\n");

    // Containers merge by name: the env var joins container "main", whose image stays. The
    // template of any Job is immutable otherwise, and the error shows the merged template.
    Result env =
        kubectl(
            "patch",
            "job",
            "queued",
            "-n",
            "e2e-smp",
            "--type=strategic",
            "-p",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"main\","
                + "\"env\":[{\"name\":\"MODE\",\"value\":\"fast\"}]}]}}}}");
    assertThat(env.exitCode()).isEqualTo(1);
    assertThat(env.stdout()).isEmpty();
    assertThat(env.stderr())
        .startsWith("The Job \"queued\" is invalid: spec.template: Invalid value: {")
        .endsWith("}: field is immutable\n")
        .contains(
            "\"containers\":[{\"env\":[{\"name\":\"MODE\",\"value\":\"fast\"}],"
                + "\"image\":\"busybox\",\"imagePullPolicy\":\"Always\",\"name\":\"main\"");

    // Status is not written through the main resource: nothing changes.
    expect(
        "job.batch/queued patched (no change)\n",
        "patch",
        "job",
        "queued",
        "-n",
        "e2e-smp",
        "-p",
        "{\"status\":{\"active\":3}}");
    expect("{}\n", "get", "job", "queued", "-n", "e2e-smp", "-o", "jsonpath={.status}{\"\\n\"}");
  }

  @Test
  void patchingTheStatusSubresourceWritesStatusOnly() throws Exception {
    createNamespace("e2e-status");
    expect(
        "job.batch/counted created\n",
        "create",
        "job",
        "counted",
        "-n",
        "e2e-status",
        "--image=busybox");

    expect(
        "job.batch/counted patched\n",
        "patch",
        "job",
        "counted",
        "-n",
        "e2e-status",
        "--subresource=status",
        "--type=merge",
        "-p",
        "{\"status\":{\"active\":1,\"ready\":1},\"spec\":{\"parallelism\":5}}");
    expect(
        "1 1 1\n",
        "get",
        "job",
        "counted",
        "-n",
        "e2e-status",
        "-o",
        "jsonpath={.status.active} {.spec.parallelism} {.metadata.generation}\n");
    expectError(
        "The Job \"counted\" is invalid: status.ready: Invalid value: 2: cannot set more ready pods"
            + " than active\n",
        "patch",
        "job",
        "counted",
        "-n",
        "e2e-status",
        "--subresource=status",
        "--type=merge",
        "-p",
        "{\"status\":{\"ready\":2}}");
  }

  @Test
  void replaceWithAnEditedGetYamlUpdatesTheJob() throws Exception {
    createNamespace("e2e-replace");
    expect(
        "job.batch/edited created\n",
        "create",
        "job",
        "edited",
        "-n",
        "e2e-replace",
        "--image=busybox");
    String yaml = output("get", "job", "edited", "-n", "e2e-replace", "-o", "yaml");
    assertThat(yaml).contains("  backoffLimit: 6\n").contains("  labels:\n");
    Path edited =
        file(
            "edited.yaml",
            yaml.replace("  backoffLimit: 6\n", "  backoffLimit: 1\n")
                .replaceFirst("(?m)^  labels:\n", "  labels:\n    stage: two\n"));

    // --validate=false until the server serves OpenAPI: replace -f fetches it otherwise.
    expect("job.batch/edited replaced\n", "replace", "--validate=false", "-f", edited.toString());
    expect(
        "1 two 2\n",
        "get",
        "job",
        "edited",
        "-n",
        "e2e-replace",
        "-o",
        "jsonpath={.spec.backoffLimit} {.metadata.labels.stage} {.metadata.generation}\n");

    // The file still carries the resourceVersion it was read at.
    expectError(
        "Error from server (Conflict): error when replacing \""
            + edited
            + "\": Operation cannot be fulfilled on jobs.batch \"edited\": the object has been"
            + " modified; please apply your changes to the latest version and try again\n",
        "replace",
        "--validate=false",
        "-f",
        edited.toString());
  }

  @Test
  void changingTheTemplateOfAnUnsuspendedJobIsRefusedAsImmutable() throws Exception {
    createNamespace("e2e-immutable");
    expect(
        "job.batch/fixed created\n",
        "create",
        "job",
        "fixed",
        "-n",
        "e2e-immutable",
        "--image=busybox");
    String yaml = output("get", "job", "fixed", "-n", "e2e-immutable", "-o", "yaml");
    Path edited = file("fixed.yaml", yaml.replace("image: busybox", "image: alpine"));

    // Upstream prints the new template with Go's %#v (pointers and all); batchd prints it as JSON.
    expectError(
        """
        The Job "fixed" is invalid: spec.template: Invalid value: \
        {"metadata":{"labels":{"batch.kubernetes.io/controller-uid":"<uid>",\
        "batch.kubernetes.io/job-name":"fixed","controller-uid":"<uid>","job-name":"fixed"}},\
        "spec":{"containers":[{"image":"alpine","imagePullPolicy":"Always","name":"fixed",\
        "resources":{},"terminationMessagePath":"/dev/termination-log",\
        "terminationMessagePolicy":"File"}],"dnsPolicy":"ClusterFirst","restartPolicy":"Never",\
        "schedulerName":"default-scheduler","securityContext":{},\
        "terminationGracePeriodSeconds":30}}: field is immutable
        """,
        "replace",
        "--validate=false",
        "-f",
        edited.toString());
    expectError(
        "The Job \"fixed\" is invalid: spec.completions: Invalid value: 3: field is immutable\n",
        "patch",
        "job",
        "fixed",
        "-n",
        "e2e-immutable",
        "--type=merge",
        "-p",
        "{\"spec\":{\"completions\":3}}");
    expectError(
        """
        The Job "fixed" is invalid:\s
        * spec.completionMode: Invalid value: "Indexed": field is immutable
        * spec.backoffLimitPerIndex: Invalid value: 1: field is immutable
        """,
        "patch",
        "job",
        "fixed",
        "-n",
        "e2e-immutable",
        "--type=merge",
        "-p",
        "{\"spec\":{\"completionMode\":\"Indexed\",\"backoffLimitPerIndex\":1}}");
    expect(
        "busybox 1\n",
        "get",
        "job",
        "fixed",
        "-n",
        "e2e-immutable",
        "-o",
        "jsonpath={.spec.template.spec.containers[0].image} {.metadata.generation}\n");
  }

  @Test
  void theImmutableTemplateReadsTheSameWhicheverVerbChangedIt() throws Exception {
    createNamespace("e2e-immutable-order");
    expect(
        "job.batch/same created\n",
        "create",
        "job",
        "same",
        "-n",
        "e2e-immutable-order",
        "--image=busybox");
    String yaml = output("get", "job", "same", "-n", "e2e-immutable-order", "-o", "yaml");
    Result byReplace =
        kubectl(
            "replace",
            "--validate=false",
            "-f",
            file("same.yaml", yaml.replace("image: busybox", "image: alpine")).toString());
    Result byPatch =
        kubectl(
            "patch",
            "job",
            "same",
            "-n",
            "e2e-immutable-order",
            "--type=json",
            "-p",
            "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\","
                + "\"value\":\"alpine\"}]");

    assertThat(byReplace.exitCode()).isEqualTo(1);
    assertThat(byPatch.exitCode()).isEqualTo(1);
    assertThat(byPatch.stderr()).isEqualTo(byReplace.stderr());
  }

  @Test
  void invalidJobsAreRefusedWithUpstreamsMessages() throws Exception {
    createNamespace("e2e-invalid");
    Path negative =
        file(
            "negative.yaml",
            """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: negative
            spec:
              completions: -1
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: c
                    image: busybox
            """);
    expectError(
        "The Job \"negative\" is invalid: spec.completions: Invalid value: -1: must be greater than"
            + " or equal to 0\n",
        "create",
        "--validate=false",
        "-f",
        negative.toString(),
        "-n",
        "e2e-invalid");
    Path noRestartPolicy =
        file(
            "always.yaml",
            """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: always
            spec:
              template:
                spec:
                  containers:
                  - name: c
                    image: busybox
            """);
    expectError(
        "The Job \"always\" is invalid: spec.template.spec.restartPolicy: Required value: valid"
            + " values: \"OnFailure\", \"Never\"\n",
        "create",
        "--validate=false",
        "-f",
        noRestartPolicy.toString(),
        "-n",
        "e2e-invalid");
    expectError(
        "error: failed to create job: Job.batch \"Bad_Name\" is invalid: [metadata.name: Invalid"
            + " value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case"
            + " alphanumeric characters, '-' or '.', and must start and end with an alphanumeric"
            + " character (e.g. 'example.com', regex used for validation is"
            + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'),"
            + " spec.template.spec.containers[0].name: Invalid value: \"Bad_Name\": a lowercase RFC"
            + " 1123 label must consist of lower case alphanumeric characters or '-', and must start"
            + " and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used"
            + " for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')]\n",
        "create",
        "job",
        "Bad_Name",
        "--image=busybox",
        "-n",
        "e2e-invalid");

    expect(
        "job.batch/valid created\n",
        "create",
        "job",
        "valid",
        "-n",
        "e2e-invalid",
        "--image=busybox");
    expectError(
        """
        The Job "valid" is invalid:\s
        * spec.parallelism: Invalid value: -1: must be greater than or equal to 0
        * spec.backoffLimit: Invalid value: -2: must be greater than or equal to 0
        """,
        "patch",
        "job",
        "valid",
        "-n",
        "e2e-invalid",
        "--type=merge",
        "-p",
        "{\"spec\":{\"parallelism\":-1,\"backoffLimit\":-2}}");
    expect("job.batch/valid\n", "get", "jobs", "-o", "name", "-n", "e2e-invalid");
  }

  @Test
  void watchWithEventsShowsAddedModifiedAndDeleted() throws Exception {
    createNamespace("e2e-watch");
    expect(
        "job.batch/first created\n",
        "create",
        "job",
        "first",
        "-n",
        "e2e-watch",
        "--image=busybox");

    Started watch =
        start(
            "get",
            "jobs",
            "-n",
            "e2e-watch",
            "-w",
            "--output-watch-events",
            "--request-timeout=6s");
    await()
        .atMost(Duration.ofSeconds(8))
        .until(() -> Files.readString(watch.stdout()).contains("ADDED"));
    expect("job.batch/first labeled\n", "label", "job", "first", "-n", "e2e-watch", "seen=yes");
    expect(
        "job.batch/second created\n",
        "create",
        "job",
        "second",
        "-n",
        "e2e-watch",
        "--image=busybox");
    expect("job.batch \"first\" deleted\n", "delete", "job", "first", "-n", "e2e-watch");
    await()
        .atMost(Duration.ofSeconds(8))
        .until(() -> Files.readString(watch.stdout()).contains("DELETED"));

    // The request timeout ends the watch, and kubectl exits 0 when the stream ends.
    Result result = finish(watch, Duration.ofSeconds(20));
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stderr()).isEmpty();
    assertThat(normalise(result.stdout()))
        .isEqualTo(
            """
            EVENT      NAME    STATUS    COMPLETIONS   DURATION   AGE
            ADDED      first   Running   0/1                      <age>
            MODIFIED   first   Running   0/1                      <age>
            ADDED      second   Running   0/1                      <age>
            DELETED    first    Running   0/1                      <age>
            """);
  }

  @Test
  void deleteByNameBySelectorAndAll() throws Exception {
    createNamespace("e2e-delete");
    for (String name : List.of("a1", "a2", "b1", "c1")) {
      expect(
          "job.batch/" + name + " created\n",
          "create",
          "job",
          name,
          "-n",
          "e2e-delete",
          "--image=busybox");
    }
    expect(
        "job.batch/a1 labeled\njob.batch/a2 labeled\n",
        "label",
        "job",
        "a1",
        "a2",
        "app=x",
        "-n",
        "e2e-delete");

    expect("job.batch \"b1\" deleted\n", "delete", "job", "b1", "-n", "e2e-delete");
    expectError(
        "Error from server (NotFound): jobs.batch \"b1\" not found\n",
        "delete",
        "job",
        "b1",
        "-n",
        "e2e-delete");
    expect("", "delete", "job", "b1", "--ignore-not-found", "-n", "e2e-delete");
    // kubectl itself refuses --all together with a selector.
    expectError(
        "error: setting 'all' parameter but found a non empty selector. \n",
        "delete",
        "jobs",
        "--all",
        "-l",
        "app=x",
        "-n",
        "e2e-delete");
    expect(
        "job.batch \"a1\" deleted\njob.batch \"a2\" deleted\n",
        "delete",
        "jobs",
        "-l",
        "app=x",
        "-n",
        "e2e-delete");
    expect("job.batch/c1\n", "get", "jobs", "-o", "name", "-n", "e2e-delete");
    expect("job.batch \"c1\" deleted\n", "delete", "jobs", "--all", "-n", "e2e-delete");
    Result none = kubectl("get", "jobs", "-n", "e2e-delete");
    assertThat(none.exitCode()).isZero();
    assertThat(none.stderr()).isEqualTo("No resources found in e2e-delete namespace.\n");
  }

  @Test
  void fieldSelectorsOnSucceededCountAndName() throws Exception {
    createNamespace("e2e-fields");
    expect(
        "job.batch/done created\n", "create", "job", "done", "-n", "e2e-fields", "--image=busybox");
    expect(
        "job.batch/todo created\n", "create", "job", "todo", "-n", "e2e-fields", "--image=busybox");
    expect(
        "job.batch/done patched\n",
        "patch",
        "job",
        "done",
        "-n",
        "e2e-fields",
        "--subresource=status",
        "--type=merge",
        "-p",
        "{\"status\":{\"succeeded\":1}}");

    expect(
        """
        NAME   STATUS    COMPLETIONS   DURATION   AGE
        todo   Running   0/1                      <age>
        """,
        "get",
        "jobs",
        "--field-selector",
        "status.successful=0",
        "-n",
        "e2e-fields");
    expect(
        """
        NAME   STATUS    COMPLETIONS   DURATION   AGE
        done   Running   1/1                      <age>
        """,
        "get",
        "jobs",
        "--field-selector",
        "status.successful!=0",
        "-n",
        "e2e-fields");
    expect(
        "job.batch/done\n",
        "get",
        "jobs",
        "-o",
        "name",
        "--field-selector",
        "status.successful=1,metadata.name=done",
        "-n",
        "e2e-fields");
    expect(
        "job.batch/todo\n",
        "get",
        "jobs",
        "-o",
        "name",
        "--field-selector",
        "metadata.name=todo",
        "-n",
        "e2e-fields");
    Result none =
        kubectl("get", "jobs", "--field-selector", "status.successful=2", "-n", "e2e-fields");
    assertThat(none.exitCode()).isZero();
    assertThat(none.stderr()).isEqualTo("No resources found in e2e-fields namespace.\n");
    expectError(
        "Error from server (BadRequest): Unable to find \"batch/v1, Resource=jobs\" that match label"
            + " selector \"\", field selector \"status.failed=1\": field label \"status.failed\" not"
            + " supported for batchv1.Job\n",
        "get",
        "jobs",
        "--field-selector",
        "status.failed=1",
        "-n",
        "e2e-fields");
  }

  @Test
  void apiResourcesAndApiVersionsListJobsAndNamespaces() throws Exception {
    List<List<String>> resources = cells(output("api-resources"));
    assertThat(resources.getFirst())
        .containsExactly("NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND");
    assertThat(resources)
        .contains(
            List.of("jobs", "", "batch/v1", "true", "Job"),
            List.of("namespaces", "ns", "v1", "false", "Namespace"));

    List<List<String>> wide = cells(output("api-resources", "-o", "wide"));
    assertThat(wide.getFirst())
        .containsExactly(
            "NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND", "VERBS", "CATEGORIES");
    assertThat(wide)
        .contains(
            List.of(
                "jobs",
                "",
                "batch/v1",
                "true",
                "Job",
                "create,delete,deletecollection,get,list,patch,update,watch",
                "all"));
    assertThat(wide)
        .anySatisfy(
            row ->
                assertThat(row.subList(0, 5))
                    .containsExactly("namespaces", "ns", "v1", "false", "Namespace"));

    assertThat(output("api-resources", "-o", "name").lines()).contains("jobs.batch", "namespaces");
    assertThat(output("api-versions").lines()).contains("batch/v1", "v1").isSorted();
    // Names and short names resolve through discovery.
    expect("namespace/default\n", "get", "ns", "default", "-o", "name");
    expect("", "get", "job.batch", "-o", "name", "-n", "kube-public");
  }

  @Test
  void deletingANamespaceDeletesItsJobs() throws Exception {
    createNamespace("e2e-ns");
    expect("job.batch/j1 created\n", "create", "job", "j1", "-n", "e2e-ns", "--image=busybox");
    expect("job.batch/j2 created\n", "create", "job", "j2", "-n", "e2e-ns", "--image=busybox");
    expect("NAME     STATUS   AGE\ne2e-ns   Active   <age>\n", "get", "namespace", "e2e-ns");
    expectError(
        "Error from server (AlreadyExists): namespaces \"e2e-ns\" already exists\n",
        "create",
        "namespace",
        "e2e-ns");

    expect("namespace \"e2e-ns\" deleted\n", "delete", "namespace", "e2e-ns");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                expectError(
                    "Error from server (NotFound): namespaces \"e2e-ns\" not found\n",
                    "get",
                    "namespace",
                    "e2e-ns"));
    Result jobs = kubectl("get", "jobs", "-n", "e2e-ns");
    assertThat(jobs.exitCode()).isZero();
    assertThat(jobs.stdout()).isEmpty();
    assertThat(jobs.stderr()).isEqualTo("No resources found in e2e-ns namespace.\n");
    // A namespace of the same name starts empty.
    createNamespace("e2e-ns");
    expect("", "get", "jobs", "-o", "name", "-n", "e2e-ns");
  }

  @Test
  void clientSideApplyWithoutSchemaValidation() throws Exception {
    createNamespace("e2e-apply");
    Path first = file("applied.yaml", suspendedJobYaml("applied", "app: one"));
    Path second = file("applied2.yaml", suspendedJobYaml("applied", "app: two"));

    expect(
        "job.batch/applied created\n",
        "apply",
        "--validate=false",
        "-f",
        first.toString(),
        "-n",
        "e2e-apply");
    expect(
        "job.batch/applied unchanged\n",
        "apply",
        "--validate=false",
        "-f",
        first.toString(),
        "-n",
        "e2e-apply");
    expect(
        "job.batch/applied configured\n",
        "apply",
        "--validate=false",
        "-f",
        second.toString(),
        "-n",
        "e2e-apply");
    expect(
        "two true 1\n",
        "get",
        "job",
        "applied",
        "-n",
        "e2e-apply",
        "-o",
        "jsonpath={.metadata.labels.app} {.spec.suspend} {.metadata.generation}\n");
    assertThat(
            output(
                "get",
                "job",
                "applied",
                "-n",
                "e2e-apply",
                "-o",
                "jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}"))
        .contains("\"labels\":{\"app\":\"two\"}");

    // Moving to server-side apply: kubectl takes over what its annotation says it applied, with
    // no conflict with its client-side self, and the annotation follows the new configuration.
    expect(
        "job.batch/applied serverside-applied\n",
        "apply",
        "--server-side",
        "--validate=false",
        "-f",
        first.toString(),
        "-n",
        "e2e-apply");
    expect(
        "one kubectl/Apply\n",
        "get",
        "job",
        "applied",
        "-n",
        "e2e-apply",
        "-o",
        "jsonpath={.metadata.labels.app} {range .metadata.managedFields[?(@.manager==\"kubectl\")]}"
            + "{.manager}/{.operation}{end}\n");
    assertThat(
            output(
                "get",
                "job",
                "applied",
                "-n",
                "e2e-apply",
                "-o",
                "jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}"))
        .contains("\"labels\":{\"app\":\"one\"}");
  }

  /**
   * apply, create -f, replace -f and explain as a user types them, with schema validation on:
   * kubectl fetches the server's OpenAPI v3 first, so this runs only once the server serves it.
   */
  @Test
  void applyCreateReplaceFromFilesAndExplainNeedOpenApi() throws Exception {
    requireOpenApiServed();
    createNamespace("e2e-openapi");
    Path first = file("applied.yaml", suspendedJobYaml("applied", "app: one"));
    Path second = file("applied2.yaml", suspendedJobYaml("applied", "app: two"));

    expect("job.batch/applied created\n", "apply", "-f", first.toString(), "-n", "e2e-openapi");
    expect("job.batch/applied unchanged\n", "apply", "-f", first.toString(), "-n", "e2e-openapi");
    expect("job.batch/applied configured\n", "apply", "-f", second.toString(), "-n", "e2e-openapi");
    expect(
        "job.batch/applied serverside-applied\n",
        "apply",
        "--server-side",
        "-f",
        first.toString(),
        "-n",
        "e2e-openapi");

    Path created = file("created.yaml", suspendedJobYaml("created", "app: c"));
    expect("job.batch/created created\n", "create", "-f", created.toString(), "-n", "e2e-openapi");
    expectError(
        "Error from server (AlreadyExists): error when creating \""
            + created
            + "\": jobs.batch \"created\" already exists\n",
        "create",
        "-f",
        created.toString(),
        "-n",
        "e2e-openapi");
    Path generated =
        file(
            "generated.yaml",
            suspendedJobYaml("x", "").replace("  name: x\n", "  generateName: gen-\n"));
    expect(
        "job.batch/gen-<rnd> created\n", "create", "-f", generated.toString(), "-n", "e2e-openapi");

    String yaml = output("get", "job", "created", "-n", "e2e-openapi", "-o", "yaml");
    Path edited = file("edited.yaml", yaml.replace("  backoffLimit: 6\n", "  backoffLimit: 2\n"));
    expect("job.batch/created replaced\n", "replace", "-f", edited.toString());
    expect(
        "2\n",
        "get",
        "job",
        "created",
        "-n",
        "e2e-openapi",
        "-o",
        "jsonpath={.spec.backoffLimit}\n");

    String explain = output("explain", "job.spec.backoffLimit");
    assertThat(explain)
        .startsWith(
            "GROUP:      batch\nKIND:       Job\nVERSION:    v1\n\nFIELD: backoffLimit <integer>\n");
    assertThat(output("explain", "jobs"))
        .contains("KIND:       Job\n")
        .contains("  spec\t<JobSpec>\n");
  }

  private static final String SSA_CONFLICT_HELP =
      """
      Please review the fields above--they currently have other managers. Here
      are the ways you can resolve this warning:
      * If you intend to manage all of these fields, please re-run the apply
        command with the `--force-conflicts` flag.
      * If you do not intend to manage all of the fields, please edit your
        manifest to remove references to the fields that should keep their
        current managers.
      * You may co-own fields by updating your manifest to match the existing
        value; in this case, you'll become the manager if the other manager(s)
        stop managing the field (remove it from their configuration).
      See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
      """;

  private static String ssaJobYaml(int parallelism) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: ssa
          labels: {app: one}
        spec:
          suspend: true
          parallelism: %d
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: main
                image: busybox
                env:
                - name: MODE
                  value: fast
        """
        .formatted(parallelism);
  }

  @Test
  void serverSideApplyCreatesUpdatesConflictsAndForces() throws Exception {
    requireOpenApiServed();
    createNamespace("e2e-ssa");
    Path first = file("ssa1.yaml", ssaJobYaml(1));
    Path second = file("ssa2.yaml", ssaJobYaml(2));
    Path third = file("ssa3.yaml", ssaJobYaml(3));
    String managers =
        "jsonpath={.spec.parallelism} {range .metadata.managedFields[*]}{.manager}/{.operation}"
            + " {end}\n";

    expect(
        "job.batch/ssa serverside-applied\n",
        "apply",
        "--server-side",
        "-f",
        first.toString(),
        "-n",
        "e2e-ssa");
    expect(
        """
        apiVersion: batch/v1
        kind: Job
        metadata:
          creationTimestamp: <time>
          generation: 1
          labels:
            app: one
          managedFields:
          - apiVersion: batch/v1
            fieldsType: FieldsV1
            fieldsV1:
              f:metadata:
                f:labels:
                  f:app: {}
              f:spec:
                f:parallelism: {}
                f:suspend: {}
                f:template:
                  f:spec:
                    f:containers:
                      k:{"name":"main"}:
                        .: {}
                        f:env:
                          k:{"name":"MODE"}:
                            .: {}
                            f:name: {}
                            f:value: {}
                        f:image: {}
                        f:name: {}
                    f:restartPolicy: {}
            manager: kubectl
            operation: Apply
            time: <time>
          name: ssa
          namespace: e2e-ssa
          resourceVersion: <rv>
          uid: <uid>
        spec:
          backoffLimit: 6
          completionMode: NonIndexed
          manualSelector: false
          parallelism: 1
          podReplacementPolicy: TerminatingOrFailed
          selector:
            matchLabels:
              batch.kubernetes.io/controller-uid: <uid>
          suspend: true
          template:
            metadata:
              labels:
                batch.kubernetes.io/controller-uid: <uid>
                batch.kubernetes.io/job-name: ssa
                controller-uid: <uid>
                job-name: ssa
            spec:
              containers:
              - env:
                - name: MODE
                  value: fast
                image: busybox
                imagePullPolicy: Always
                name: main
                terminationMessagePath: /dev/termination-log
                terminationMessagePolicy: File
              dnsPolicy: ClusterFirst
              restartPolicy: Never
              schedulerName: default-scheduler
              securityContext: {}
              terminationGracePeriodSeconds: 30
        status: {}
        """,
        "get",
        "job",
        "ssa",
        "-n",
        "e2e-ssa",
        "-o",
        "yaml",
        "--show-managed-fields");

    // Re-applying with a change updates the Job; the applier still owns the same fields.
    expect(
        "job.batch/ssa serverside-applied\n",
        "apply",
        "--server-side",
        "-f",
        second.toString(),
        "-n",
        "e2e-ssa");
    expect("2 kubectl/Apply \n", "get", "job", "ssa", "-n", "e2e-ssa", "-o", managers);

    // Another manager changing a field kubectl owns conflicts, until it forces.
    expectError(
        "error: Apply failed with 1 conflict: conflict with \"kubectl\": .spec.parallelism\n"
            + SSA_CONFLICT_HELP,
        "apply",
        "--server-side",
        "--field-manager=other",
        "-f",
        third.toString(),
        "-n",
        "e2e-ssa");
    expect(
        "job.batch/ssa serverside-applied\n",
        "apply",
        "--server-side",
        "--field-manager=other",
        "--force-conflicts",
        "-f",
        third.toString(),
        "-n",
        "e2e-ssa");
    expect("3 kubectl/Apply other/Apply \n", "get", "job", "ssa", "-n", "e2e-ssa", "-o", managers);

    // A patch takes the field over as an Update; kubectl re-applying its old value now
    // conflicts with the patcher.
    expect(
        "job.batch/ssa patched\n",
        "patch",
        "job",
        "ssa",
        "-n",
        "e2e-ssa",
        "--type=merge",
        "-p",
        "{\"spec\":{\"parallelism\":4}}");
    expect(
        "4 kubectl/Apply other/Apply kubectl-patch/Update \n",
        "get",
        "job",
        "ssa",
        "-n",
        "e2e-ssa",
        "-o",
        managers);
    expectError(
        "error: Apply failed with 1 conflict: conflict with \"kubectl-patch\" using batch/v1:"
            + " .spec.parallelism\n"
            + SSA_CONFLICT_HELP,
        "apply",
        "--server-side",
        "-f",
        second.toString(),
        "-n",
        "e2e-ssa");
    expect(
        "job.batch/ssa serverside-applied (server dry run)\n",
        "apply",
        "--server-side",
        "--force-conflicts",
        "--dry-run=server",
        "-f",
        second.toString(),
        "-n",
        "e2e-ssa");
    expect(
        "4 kubectl/Apply other/Apply kubectl-patch/Update \n",
        "get",
        "job",
        "ssa",
        "-n",
        "e2e-ssa",
        "-o",
        managers);
  }

  /** kubectl needs OpenAPI v3 to validate files: the server must serve it. */
  private void requireOpenApiServed() throws Exception {
    Result openApi = kubectl("get", "--raw", "/openapi/v3");
    assertThat(openApi.exitCode())
        .as("the server does not serve /openapi/v3: %s", openApi.stderr())
        .isZero();
  }

  @Test
  void createFromAFileWithAnUnknownFieldIsRefusedByStrictValidation() throws Exception {
    requireOpenApiServed();
    createNamespace("e2e-strict");
    Path unknown =
        file(
            "unknown.yaml",
            suspendedJobYaml("unknown", "")
                .replace("  suspend: true\n", "  suspend: true\n  bogus: 1\n"));
    expectError(
        "Error from server (BadRequest): error when creating \""
            + unknown
            + "\": Job in version \"v1\" cannot be handled as a Job: strict decoding error: unknown"
            + " field \"spec.bogus\"\n",
        "create",
        "-f",
        unknown.toString(),
        "-n",
        "e2e-strict");
  }
}
