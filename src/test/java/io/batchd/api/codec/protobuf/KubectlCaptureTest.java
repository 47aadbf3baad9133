package io.batchd.api.codec.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.StatusException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Real bodies from the installed kubectl: {@code kubectl create job} and {@code kubectl create
 * namespace} POST protobuf to a small Vert.x server, which records them and answers with the
 * decoded object as JSON. Each decoded body must equal what the same kubectl prints for {@code
 * --dry-run=client -o json}.
 */
class KubectlCaptureTest {
  private static final Buffer VERSION =
      Buffer.buffer("{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.5\"}");

  /** One POST the server saw. */
  record Post(String uri, String contentType, byte[] body) {}

  private static final List<Post> POSTS = new CopyOnWriteArrayList<>();
  private static Vertx vertx;
  private static HttpServer server;
  private static String kubectl;

  @TempDir Path home;

  @BeforeAll
  static void start() {
    kubectl = findOnPath("kubectl");
    // kubectl is installed on every machine this project runs on; its absence is a failure.
    assertThat(kubectl).as("kubectl on PATH").isNotNull();
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> request.body().onSuccess(body -> answer(request, body.getBytes())))
            .listen(0, "127.0.0.1")
            .await();
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @BeforeEach
  void clear() {
    POSTS.clear();
  }

  private static void answer(HttpServerRequest request, byte[] body) {
    String path = request.path();
    if (request.method().name().equals("GET") && path.equals("/version")) {
      request.response().putHeader("Content-Type", "application/json").end(VERSION);
      return;
    }
    if (!request.method().name().equals("POST")) {
      request.response().setStatusCode(404).end();
      return;
    }
    POSTS.add(new Post(request.uri(), request.getHeader("Content-Type"), body));
    try {
      // Answer as an API server would: with the created object, here simply the decoded one.
      byte[] created = Codecs.JSON.writeValueAsBytes(KubernetesProtobuf.decode(body).object());
      request
          .response()
          .setStatusCode(201)
          .putHeader("Content-Type", "application/json")
          .end(Buffer.buffer(created));
    } catch (StatusException e) {
      request
          .response()
          .setStatusCode(e.code())
          .putHeader("Content-Type", "application/json")
          .end(Codecs.JSON.writeValueAsString(e.toStatus()));
    }
  }

  @Test
  void createJob() throws Exception {
    Run run =
        kubectl("--server", url(), "create", "job", "pi", "--image=busybox", "--", "echo", "hi");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("job.batch/pi created");
    assertThat(POSTS).hasSize(1);
    Post post = POSTS.get(0);
    assertThat(post.uri()).startsWith("/apis/batch/v1/namespaces/default/jobs?");
    assertThat(post.contentType()).isEqualTo(KubernetesProtobuf.MEDIA_TYPE);

    KubernetesProtobuf.Decoded decoded = KubernetesProtobuf.decode(post.body());

    assertThat(decoded.apiVersion()).isEqualTo("batch/v1");
    assertThat(decoded.kind()).isEqualTo("Job");
    assertThat(decoded.skippedFields()).isEmpty();
    JsonNode job = decoded.object();
    assertThat(job.at("/metadata/name").stringValue()).isEqualTo("pi");
    JsonNode pod = job.at("/spec/template/spec");
    assertThat(pod.get("restartPolicy").stringValue()).isEqualTo("Never");
    assertThat(pod.get("containers")).hasSize(1);
    assertThat(pod.at("/containers/0/name").stringValue()).isEqualTo("pi");
    assertThat(pod.at("/containers/0/image").stringValue()).isEqualTo("busybox");
    assertThat(pod.at("/containers/0/command"))
        .isEqualTo(Codecs.JSON.readTree("[\"echo\",\"hi\"]"));
    assertThat(job).isEqualTo(dryRun("job", "pi", "--image=busybox", "--", "echo", "hi"));
  }

  @Test
  void createNamespace() throws Exception {
    Run run = kubectl("--server", url(), "create", "namespace", "demo");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("namespace/demo created");
    assertThat(POSTS).hasSize(1);
    Post post = POSTS.get(0);
    assertThat(post.uri()).startsWith("/api/v1/namespaces?");
    assertThat(post.contentType()).isEqualTo(KubernetesProtobuf.MEDIA_TYPE);

    KubernetesProtobuf.Decoded decoded = KubernetesProtobuf.decode(post.body());

    assertThat(decoded.kind()).isEqualTo("Namespace");
    assertThat(decoded.object().at("/metadata/name").stringValue()).isEqualTo("demo");
    assertThat(decoded.skippedFields()).isEmpty();
    assertThat(decoded.object()).isEqualTo(dryRun("namespace", "demo"));
  }

  /** What {@code kubectl create <args> --dry-run=client -o json} prints. */
  private JsonNode dryRun(String... args) throws Exception {
    // The flags go first: whatever follows "--" is the container's command.
    List<String> command = new ArrayList<>(List.of("create", "--dry-run=client", "-o", "json"));
    command.addAll(List.of(args));
    Run run = kubectl(command.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.output()).isZero();
    return Codecs.JSON.readTree(run.output());
  }

  private static String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  record Run(int exitCode, String output) {}

  private Run kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(kubectl);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    // A fresh HOME and no KUBECONFIG: nothing from the machine's kubeconfig leaks in.
    env.put("HOME", home.toString());
    env.remove("KUBECONFIG");
    File stderr = home.resolve("stderr-" + System.nanoTime()).toFile();
    builder.redirectError(stderr);
    Process process = builder.start();
    byte[] stdout = process.getInputStream().readAllBytes();
    boolean finished = process.waitFor(60, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    assertThat(finished).as("kubectl finished").isTrue();
    String output = new String(stdout, StandardCharsets.UTF_8) + Files.readString(stderr.toPath());
    return new Run(process.exitValue(), output);
  }

  private static String findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      File file = new File(dir, name);
      if (file.canExecute()) {
        return file.getAbsolutePath();
      }
    }
    return null;
  }
}
