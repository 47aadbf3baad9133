package io.batchd.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP side of the OpenAPI routes: negotiation, hashes, ETags and caching headers. */
class OpenApiRoutesIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String PROTOBUF_V2 =
      "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

  private static OpenApiTestServer server;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = new OpenApiTestServer(ServedTypes.ALL);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String batchUrl() throws Exception {
    JsonNode discovery = JSON.readTree(get("/openapi/v3").body());
    return discovery.at("/paths/apis~1batch~1v1/serverRelativeURL").asString();
  }

  @Test
  void discoveryListsEveryGroupVersionWithItsUrl() throws Exception {
    HttpResponse<String> response =
        get("/openapi/v3?timeout=32s", "Accept", "application/json, */*");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.headers().firstValue("ETag"))
        .hasValueSatisfying(e -> assertThat(e).matches("\"[0-9A-F]{128}\""));
    JsonNode discovery = JSON.readTree(response.body());
    assertThat(discovery.at("/paths/api~1v1/serverRelativeURL").asString())
        .matches("/openapi/v3/api/v1\\?hash=[0-9A-F]{128}");
    assertThat(batchUrl()).matches("/openapi/v3/apis/batch/v1\\?hash=[0-9A-F]{128}");
  }

  @Test
  void aDocumentFetchedByItsHashIsCachedForGood() throws Exception {
    String url = batchUrl();
    String hash = url.substring(url.indexOf("hash=") + 5);

    HttpResponse<String> response = get(url + "&timeout=32s", "Accept", "application/json");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("ETag")).hasValue("\"" + hash + "\"");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, immutable");
    assertThat(response.headers().firstValue("Expires")).isPresent();
    assertThat(response.headers().firstValue("Vary")).hasValue("Accept");
    assertThat(
            JSON.readTree(response.body())
                .at("/components/schemas/io.k8s.api.batch.v1.Job")
                .isObject())
        .isTrue();
  }

  @Test
  void aDocumentFetchedWithoutHashIsRevalidated() throws Exception {
    HttpResponse<String> response = get("/openapi/v3/apis/batch/v1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache, private");
    assertThat(response.headers().firstValue("Expires")).isEmpty();
  }

  @Test
  void anOldHashIsRedirectedToTheCurrentDocument() throws Exception {
    HttpResponse<String> response = get("/openapi/v3/apis/batch/v1?hash=0123ABCD");

    assertThat(response.statusCode()).isEqualTo(301);
    assertThat(response.headers().firstValue("Location")).hasValue(batchUrl());
  }

  @Test
  void aMatchingEtagGetsNotModified() throws Exception {
    String etag = get("/openapi/v3/apis/batch/v1").headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> response = get("/openapi/v3/apis/batch/v1", "If-None-Match", etag);

    assertThat(response.statusCode()).isEqualTo(304);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void anUnservedGroupVersionIsNotFound() throws Exception {
    HttpResponse<String> response = get("/openapi/v3/apis/apps/v1");

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode status = JSON.readTree(response.body());
    assertThat(status.get("kind").asString()).isEqualTo("Status");
    assertThat(status.get("reason").asString()).isEqualTo("NotFound");
  }

  @Test
  void protobufOnlyIsNotAcceptable() throws Exception {
    HttpResponse<String> v2 = get("/openapi/v2?timeout=32s", "Accept", PROTOBUF_V2);
    HttpResponse<String> v3 =
        get(
            "/openapi/v3/apis/batch/v1",
            "Accept",
            "application/com.github.proto-openapi.spec.v3.v1.0+protobuf");

    for (HttpResponse<String> response : java.util.List.of(v2, v3)) {
      assertThat(response.statusCode()).isEqualTo(406);
      JsonNode status = JSON.readTree(response.body());
      assertThat(status.get("reason").asString()).isEqualTo("NotAcceptable");
      assertThat(status.get("code").asInt()).isEqualTo(406);
    }
  }

  @Test
  void v2IsServedAsJson() throws Exception {
    HttpResponse<String> response =
        get("/openapi/v2", "Accept", PROTOBUF_V2 + ", application/json;q=0.5");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.headers().firstValue("ETag")).isPresent();
    assertThat(JSON.readTree(response.body()).get("swagger").asString()).isEqualTo("2.0");
  }
}
