package io.batchd.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The installed kubectl reads the generated OpenAPI v3 documents: it explains Jobs and Namespaces
 * from them, leaves validation to the server on {@code create -f}, and builds client-side {@code
 * apply} patches with their merge keys.
 */
class KubectlOpenApiIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final String MANIFEST =
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: pi
        namespace: default
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: c
              image: %s
              command: ["echo", "hi"]
      """;

  @TempDir Path dir;

  private OpenApiTestServer server;

  @BeforeEach
  void start() {
    server = new OpenApiTestServer(ServedTypes.ALL);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  record Result(int exitCode, String stdout, String stderr) {}

  /** Runs kubectl with a fresh HOME, so that no cached discovery or OpenAPI takes part. */
  private Result kubectl(String... args) throws Exception {
    Path home = Files.createTempDirectory(dir, "home");
    Path stdout = dir.resolve("kubectl.out");
    Path stderr = dir.resolve("kubectl.err");
    List<String> command = new ArrayList<>(List.of("kubectl", "--server=" + server.url()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().put("HOME", home.toString());
    builder.environment().remove("KUBECONFIG");
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("kubectl did not finish within 60 s: " + Files.readString(stderr));
    }
    return new Result(
        process.exitValue(),
        Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
  }

  @Test
  void explainsAJobFieldWithItsType() throws Exception {
    Result result = kubectl("explain", "job.spec.completions");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout())
        .contains("GROUP:      batch")
        .contains("KIND:       Job")
        .contains("VERSION:    v1")
        .contains("FIELD: completions <integer>");
    assertThat(server.requests())
        .contains("GET /openapi/v3?timeout=32s")
        .anySatisfy(r -> assertThat(r).startsWith("GET /openapi/v3/apis/batch/v1?hash="));
  }

  @Test
  void explainsEveryJobFieldRecursively() throws Exception {
    Result result = kubectl("explain", "jobs", "--recursive");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout())
        .containsPattern("spec\\s+<JobSpec>")
        .containsPattern("completions\\s+<integer>")
        .containsPattern("template\\s+<PodTemplateSpec> -required-")
        .containsPattern("containers\\s+<\\[\\]Container> -required-")
        .containsPattern("creationTimestamp\\s+<string>")
        .containsPattern("limits\\s+<map\\[string\\]Quantity>")
        .containsPattern("port\\s+<IntOrString> -required-")
        .containsPattern("conditions\\s+<\\[\\]JobCondition>");
  }

  @Test
  void explainsANestedTemplateField() throws Exception {
    Result result = kubectl("explain", "job.spec.template.spec.containers.image");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).contains("FIELD: image <string>");
  }

  @Test
  void explainsACoreKind() throws Exception {
    Result result = kubectl("explain", "namespace.metadata.labels");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout())
        .contains("KIND:       Namespace")
        .contains("FIELD: labels <map[string]string>");
  }

  @Test
  void createFromAFileLeavesValidationToTheServer() throws Exception {
    Path manifest = dir.resolve("job.yaml");
    Files.writeString(manifest, MANIFEST.formatted("busybox"));

    kubectl("create", "-f", manifest.toString());

    // The fake answers the POST with 404; what matters is what kubectl sent, and that it needed
    // no /openapi/v2 to decide.
    assertThat(server.requests())
        .contains(
            "POST /apis/batch/v1/namespaces/default/jobs?fieldManager=kubectl-create"
                + "&fieldValidation=Strict")
        .noneSatisfy(r -> assertThat(r).contains("/openapi/v2"));
  }

  @Test
  void clientSideApplyMergesContainersByTheirNames() throws Exception {
    String applied = MANIFEST.formatted("busybox");
    server.put("/apis/batch/v1/namespaces/default/jobs/pi", liveJob(applied));
    Path manifest = dir.resolve("job.yaml");
    Files.writeString(manifest, MANIFEST.formatted("busybox:2"));

    Result result = kubectl("apply", "-f", manifest.toString());

    assertThat(result.stderr()).doesNotContain("error calculating patch");
    assertThat(server.patches())
        .singleElement()
        .satisfies(
            patch -> {
              assertThat(patch.contentType()).isEqualTo("application/strategic-merge-patch+json");
              assertThat(patch.uri()).contains("fieldValidation=Strict");
              // Merged by name: only the changed field of container c, and the list's order.
              assertThat(JSON.readTree(patch.body()).at("/spec/template/spec").toString())
                  .isEqualTo(
                      "{\"$setElementOrder/containers\":[{\"name\":\"c\"}],"
                          + "\"containers\":[{\"image\":\"busybox:2\",\"name\":\"c\"}]}");
            });
    // The patch came from the v3 document, so kubectl never fell back to v2.
    assertThat(server.requests()).noneSatisfy(r -> assertThat(r).contains("/openapi/v2"));
  }

  /** The Job as the server would hold it after a client-side apply of {@code manifest}. */
  private static String liveJob(String manifest) {
    JsonNode applied = YAML.readTree(manifest);
    ObjectNode live = (ObjectNode) applied.deepCopy();
    ((ObjectNode) applied.get("metadata")).putObject("annotations");
    ObjectNode metadata = (ObjectNode) live.get("metadata");
    metadata.put("uid", "6f1c1b8e-0000-4000-8000-000000000001").put("resourceVersion", "5");
    metadata
        .putObject("annotations")
        .put(
            "kubectl.kubernetes.io/last-applied-configuration",
            JSON.writeValueAsString(applied) + "\n");
    return JSON.writeValueAsString(live);
  }

  @Test
  void anUnknownFieldIsNamed() throws Exception {
    Result result = kubectl("explain", "job.spec.nonesuch");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("field \"nonesuch\" does not exist");
  }
}
