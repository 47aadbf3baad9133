package io.batchd.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The installed kubectl, given a kubeconfig from {@link Kubeconfig}, verifies the server with the
 * CA from {@link ServerCredentials} and sends the bearer token (kubectl sends tokens only over TLS,
 * reference/clients.md 1.2).
 */
class KubectlBearerTokenIT {
  private static final String VERSION =
      "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.5\"}";
  private static final String UNAUTHORIZED =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
          + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}";

  record Seen(String path, String authorization, String userAgent, boolean matched) {}

  @TempDir Path dir;

  private final Queue<Seen> seen = new ConcurrentLinkedQueue<>();
  private ServerCredentials credentials;
  private BearerTokenAuthenticator authenticator;
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() {
    credentials = ServerCredentials.loadOrCreate(dir.resolve("data"), List.of());
    authenticator = new BearerTokenAuthenticator(credentials.token());
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setHost("127.0.0.1")
                    .setPort(0)
                    .setSsl(true)
                    .setKeyCertOptions(credentials.keyCertOptions()))
            .requestHandler(this::handle)
            .listen()
            .await();
  }

  /** Records every request; answers /version only to a request bearing the right token. */
  private void handle(HttpServerRequest request) {
    String authorization = request.getHeader("Authorization");
    boolean matched = authenticator.authenticate(authorization);
    seen.add(new Seen(request.path(), authorization, request.getHeader("User-Agent"), matched));
    if (!matched) {
      request.response().setStatusCode(401).putHeader("Content-Type", "application/json");
      request.response().end(UNAUTHORIZED);
    } else if (request.path().equals("/version")) {
      request.response().putHeader("Content-Type", "application/json").end(VERSION);
    } else {
      request.response().setStatusCode(404).end();
    }
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  record Result(int exitCode, String stdout, String stderr) {}

  /** Runs kubectl with a fresh HOME, so no cached discovery or user config takes part. */
  private Result kubectl(Path kubeconfig, String... args) throws Exception {
    Path home = Files.createTempDirectory(dir, "home");
    Path stdout = dir.resolve("kubectl.out");
    Path stderr = dir.resolve("kubectl.err");
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
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

  private Path kubeconfig(String caPem, String token) {
    Path file = dir.resolve("kubeconfig");
    Kubeconfig.write(file, "https://127.0.0.1:" + server.actualPort(), caPem, token);
    return file;
  }

  @Test
  void kubectlSendsTheBearerTokenToTheServerItVerifiedWithTheCa() throws Exception {
    Path kubeconfig = kubeconfig(credentials.caCertPem(), credentials.token());

    Result result = kubectl(kubeconfig, "version", "-o", "json");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    JsonNode output = JsonMapper.builder().build().readTree(result.stdout());
    assertThat(output.at("/serverVersion/gitVersion").asString()).isEqualTo("v1.32.5");
    // The dispatcher asks for /version before it runs a kubectl; both must carry the token.
    assertThat(seen)
        .first()
        .satisfies(r -> assertThat(r.userAgent()).startsWith("kubectl-dispatcher/"));
    assertThat(seen).anySatisfy(r -> assertThat(r.userAgent()).startsWith("kubectl/"));
    assertThat(seen)
        .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + credentials.token()))
        .allSatisfy(r -> assertThat(r.matched()).isTrue());
  }

  @Test
  void aWrongTokenIsSentAndRefused() throws Exception {
    Path kubeconfig = kubeconfig(credentials.caCertPem(), "not-the-token");

    Result result = kubectl(kubeconfig, "version", "-o", "json");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("You must be logged in to the server");
    assertThat(seen).isNotEmpty();
    assertThat(seen)
        .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer not-the-token"))
        .allSatisfy(r -> assertThat(r.matched()).isFalse());
  }

  @Test
  void kubectlSendsNothingToAServerItCannotVerify() throws Exception {
    String otherCa = ServerCredentials.loadOrCreate(dir.resolve("other"), List.of()).caCertPem();
    Path kubeconfig = kubeconfig(otherCa, credentials.token());

    Result result = kubectl(kubeconfig, "version", "-o", "json");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("certificate signed by unknown authority");
    assertThat(seen).as("no request, so the token never left kubectl").isEmpty();
  }
}
