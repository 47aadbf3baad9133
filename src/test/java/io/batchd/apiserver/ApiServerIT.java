package io.batchd.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.api.ServerVersion;
import io.batchd.registry.ApiResources;
import io.batchd.registry.Registries;
import io.batchd.registry.StoreHealth;
import io.batchd.store.Store;
import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.store.sqlite.SqliteStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ApiServerIT {
  @TempDir Path dir;
  private Store store;
  private ApiServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    store = SqliteStore.open(dir.resolve("store.db"), SqliteOptions.defaults());
    Registries registries = ApiResources.register(new Registries(store, Clock.systemUTC()));
    registries.bootstrap();
    server =
        ApiServer.start(
            ServingOptions.plain("127.0.0.1", 0),
            registries,
            new StoreHealth(store),
            ServerVersion.current(),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void versionReportsTheKubernetesVersionKubectlNeeds() throws Exception {
    HttpResponse<String> response = get("/version?timeout=5s");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode body = JsonMapper.builder().build().readTree(response.body());
    assertThat(body.get("major").asString()).isEqualTo("1");
    assertThat(body.get("minor").asString()).isEqualTo("32");
    assertThat(body.get("gitVersion").asString()).matches("v1\\.32\\.\\d+");
    assertThat(body.get("platform").asString()).matches("linux/.+");
  }

  @Test
  void healthEndpointsSayOkWhileTheStoreAnswers() throws Exception {
    for (String path : new String[] {"/healthz", "/livez", "/readyz"}) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.body()).as(path).isEqualTo("ok");
    }
    assertThat(get("/readyz?verbose").body())
        .isEqualTo("[+]ping ok\n[+]store ok\nreadyz check passed\n");
  }

  @Test
  void readinessFailsWhenTheStoreIsGoneButLivenessDoesNot() throws Exception {
    store.close();

    HttpResponse<String> ready = get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(500);
    assertThat(ready.body()).contains("[-]store failed").contains("readyz check failed");
    assertThat(get("/livez").statusCode()).isEqualTo(200);
    store = SqliteStore.open(dir.resolve("store.db"), SqliteOptions.defaults());
  }

  @Test
  void unknownPathsGetAKubernetesNotFoundStatus() throws Exception {
    HttpResponse<String> response = get("/apis/nothing/v1");

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode status = JsonMapper.builder().build().readTree(response.body());
    assertThat(status.get("kind").asString()).isEqualTo("Status");
    assertThat(status.get("reason").asString()).isEqualTo("NotFound");
    assertThat(status.get("code").asInt()).isEqualTo(404);
  }
}
