package io.batchd.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.api.codec.Codecs;
import io.batchd.testing.InProcessServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Bad input never yields a 5xx: each malformed request gets a 4xx Kubernetes {@code Status} whose
 * message says what is wrong, and what was stored stays as it was.
 */
class BadInputIT {
  private static final String JOBS = "/apis/batch/v1/namespaces/default/jobs";
  private static final String VALID_JOB =
      "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"keep\"},\"spec\":{"
          + "\"template\":{\"spec\":{\"restartPolicy\":\"Never\",\"containers\":[{\"name\":\"c\","
          + "\"image\":\"busybox\"}]}}}}";

  @TempDir static Path dir;
  private static InProcessServer server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static String storedVersion;

  @BeforeAll
  static void start() throws Exception {
    server = new InProcessServer(dir);
    HttpResponse<String> created = send("POST", JOBS, "application/json", VALID_JOB);
    assertThat(created.statusCode()).isEqualTo(201);
    storedVersion = Codecs.JSON.readTree(created.body()).at("/metadata/resourceVersion").asString();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> send(String method, String path, String type, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path));
    if (type != null) {
      b.header("Content-Type", type);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static Stream<Arguments> badRequests() {
    String huge =
        "{\"metadata\":{\"name\":\"big\",\"annotations\":{\"a\":\""
            + "x".repeat(3_200_000)
            + "\"}}}";
    return Stream.of(
        Arguments.of(
            "malformed JSON",
            "POST",
            JOBS,
            "application/json",
            "{\"metadata\":",
            400,
            "not valid JSON"),
        Arguments.of(
            "a JSON list",
            "POST",
            JOBS,
            "application/json",
            "[1,2]",
            400,
            "must be a JSON or YAML object"),
        Arguments.of(
            "malformed YAML", "POST", JOBS, "application/yaml", "a: [b", 400, "not valid YAML"),
        Arguments.of("an empty body", "POST", JOBS, "application/json", "", 400, "empty"),
        Arguments.of(
            "the wrong kind",
            "POST",
            JOBS,
            "application/json",
            "{\"kind\":\"Pod\",\"apiVersion\":\"v1\"}",
            400,
            "Pod"),
        Arguments.of(
            "the wrong type of a field",
            "POST",
            JOBS,
            "application/json",
            "{\"metadata\":{\"name\":\"t\"},\"spec\":{\"parallelism\":\"many\"}}",
            400,
            "spec.parallelism"),
        Arguments.of(
            "an invalid name",
            "POST",
            JOBS,
            "application/json",
            VALID_JOB.replace("\"keep\"", "\"Not_Valid\""),
            422,
            "metadata.name"),
        Arguments.of(
            "an unknown media type",
            "POST",
            JOBS,
            "text/plain",
            "hello",
            415,
            "accepted media types"),
        Arguments.of(
            "garbage protobuf",
            "POST",
            JOBS,
            "application/vnd.kubernetes.protobuf",
            "k8s\u0000garbage",
            400,
            ""),
        Arguments.of("an oversized body", "POST", JOBS, "application/json", huge, 413, "limit"),
        Arguments.of(
            "a bad label selector",
            "GET",
            JOBS + "?labelSelector=a%20in%20(",
            null,
            null,
            400,
            "unable to parse requirement"),
        Arguments.of(
            "an unsupported field selector",
            "GET",
            JOBS + "?fieldSelector=spec.x%3D1",
            null,
            null,
            400,
            "not supported"),
        Arguments.of("a bad limit", "GET", JOBS + "?limit=-3", null, null, 400, "limit"),
        Arguments.of(
            "a forged continue token",
            "GET",
            JOBS + "?limit=1&continue=bm90LWEtdG9rZW4",
            null,
            null,
            400,
            "continue"),
        Arguments.of(
            "a bad resourceVersion",
            "GET",
            JOBS + "?resourceVersion=abc&resourceVersionMatch=Exact",
            null,
            null,
            400,
            "resource version"),
        Arguments.of(
            "a future resourceVersion",
            "GET",
            JOBS + "?resourceVersion=999999999",
            null,
            null,
            400,
            "Too large resource version"),
        Arguments.of(
            "a bad fieldValidation",
            "POST",
            JOBS + "?fieldValidation=Loose",
            "application/json",
            VALID_JOB,
            400,
            "fieldValidation"),
        Arguments.of(
            "a patch bomb of deep nesting",
            "PATCH",
            JOBS + "/keep",
            "application/merge-patch+json",
            "{\"a\":".repeat(5000) + "1" + "}".repeat(5000),
            400,
            ""),
        Arguments.of(
            "a JSON patch that is not a list",
            "PATCH",
            JOBS + "/keep",
            "application/json-patch+json",
            "{\"op\":\"add\"}",
            400,
            "list of operations"),
        Arguments.of(
            "an unknown patch type",
            "PATCH",
            JOBS + "/keep",
            "application/x-unknown",
            "{}",
            415,
            "not supported"),
        Arguments.of(
            "a name mismatch on update",
            "PUT",
            JOBS + "/keep",
            "application/json",
            VALID_JOB.replace("\"keep\"", "\"other\""),
            400,
            "does not match the name on the URL"),
        Arguments.of("a missing object", "GET", JOBS + "/missing", null, null, 404, "not found"),
        Arguments.of(
            "a missing namespace",
            "POST",
            "/apis/batch/v1/namespaces/nowhere/jobs",
            "application/json",
            VALID_JOB,
            404,
            "namespaces \"nowhere\" not found"),
        Arguments.of(
            "an unknown resource",
            "GET",
            "/apis/batch/v1/namespaces/default/cronjobz",
            null,
            null,
            404,
            "could not find"),
        Arguments.of(
            "a method the resource lacks",
            "POST",
            JOBS + "/keep",
            "application/json",
            VALID_JOB,
            405,
            "method"),
        Arguments.of(
            "a bad propagation policy",
            "DELETE",
            JOBS + "/keep?propagationPolicy=Sideways",
            null,
            null,
            422,
            "propagationPolicy: Unsupported value: \"Sideways\""));
  }

  @ParameterizedTest(name = "{0} gets {5}")
  @MethodSource("badRequests")
  void badInputGetsA4xxStatusAndChangesNothing(
      String what, String method, String path, String type, String body, int code, String says)
      throws Exception {
    HttpResponse<String> response = send(method, path, type, body);

    assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(code);
    JsonNode status = Codecs.JSON.readTree(response.body());
    assertThat(status.path("kind").asString()).isEqualTo("Status");
    assertThat(status.path("code").asInt()).isEqualTo(code);
    assertThat(status.path("message").asString()).contains(says);
    HttpResponse<String> kept = send("GET", JOBS + "/keep", null, null);
    assertThat(kept.statusCode()).isEqualTo(200);
    assertThat(Codecs.JSON.readTree(kept.body()).at("/metadata/resourceVersion").asString())
        .isEqualTo(storedVersion);
  }
}
