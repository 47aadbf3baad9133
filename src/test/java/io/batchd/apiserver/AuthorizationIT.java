package io.batchd.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchd.apiserver.security.AbacPolicy;
import io.batchd.apiserver.security.StaticTokenFile;
import io.batchd.testing.InProcessServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users from a token file, limited by an ABAC policy to what they were granted. */
class AuthorizationIT {
  @TempDir static Path dir;
  private static InProcessServer server;

  @BeforeAll
  static void start() throws Exception {
    Files.write(
        dir.resolve("tokens.csv"), List.of("alice-token,alice,1001,team-a", "bob-token,bob,1002"));
    String prefix =
        "{\"apiVersion\":\"abac.authorization.kubernetes.io/v1beta1\",\"kind\":\"Policy\",\"spec\":";
    Files.write(
        dir.resolve("policy.jsonl"),
        List.of(
            prefix
                + "{\"group\":\"team-a\",\"namespace\":\"team-a\",\"resource\":\"*\",\"apiGroup\":\"*\"}}",
            prefix
                + "{\"user\":\"bob\",\"readonly\":true,\"namespace\":\"*\",\"resource\":\"jobs\",\"apiGroup\":\"batch\"}}"));
    ServingOptions options =
        new ServingOptions(
                "127.0.0.1",
                0,
                null,
                -1,
                "admin-token",
                ServingOptions.DEFAULT_MAX_REQUESTS_INFLIGHT,
                ServingOptions.DEFAULT_MAX_MUTATING_REQUESTS_INFLIGHT,
                java.util.Map.of(),
                null)
            .withAccess(
                StaticTokenFile.read(dir.resolve("tokens.csv")),
                AbacPolicy.read(dir.resolve("policy.jsonl")));
    server = new InProcessServer(dir, options);
    try (KubernetesClient admin = client("admin-token")) {
      admin
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata().build())
          .create();
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static KubernetesClient client(String token) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(server.url())
            .withOauthToken(token)
            .withRequestRetryBackoffLimit(0)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static Job job(String name) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("c")
        .withImage("busybox")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  @Test
  void aUserWorksInTheNamespacesGrantedToItsGroup() {
    try (KubernetesClient alice = client("alice-token")) {
      alice.batch().v1().jobs().inNamespace("team-a").resource(job("mine")).create();
      assertThat(alice.batch().v1().jobs().inNamespace("team-a").list().getItems())
          .extracting(j -> j.getMetadata().getName())
          .contains("mine");
    }
  }

  @Test
  void otherNamespacesAreForbiddenWithUpstreamsMessage() {
    try (KubernetesClient alice = client("alice-token")) {
      assertThatThrownBy(() -> alice.batch().v1().jobs().inNamespace("default").list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(403);
                assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
                assertThat(e.getStatus().getMessage())
                    .isEqualTo(
                        "jobs.batch is forbidden: User \"alice\" cannot list resource \"jobs\" in"
                            + " API group \"batch\" in the namespace \"default\"");
              });
      assertThatThrownBy(() -> alice.batch().v1().jobs().inAnyNamespace().list())
          .hasMessageContaining(
              "User \"alice\" cannot list resource \"jobs\" in API group \"batch\" at the cluster"
                  + " scope");
    }
  }

  @Test
  void aReadOnlyUserCanReadButNotWrite() {
    try (KubernetesClient bob = client("bob-token")) {
      assertThat(bob.batch().v1().jobs().inNamespace("default").list().getItems()).isNotNull();
      assertThatThrownBy(
              () -> bob.batch().v1().jobs().inNamespace("default").resource(job("nope")).create())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e ->
                  assertThat(e.getStatus().getMessage())
                      .isEqualTo(
                          "jobs.batch is forbidden: User \"bob\" cannot create resource \"jobs\""
                              + " in API group \"batch\" in the namespace \"default\""));
      assertThatThrownBy(() -> bob.namespaces().withName("team-a").get())
          .hasMessageContaining(
              "namespaces \"team-a\" is forbidden: User \"bob\" cannot get resource"
                  + " \"namespaces\" in API group \"\" at the cluster scope");
    }
  }

  @Test
  void discoveryIsOpenToEveryAuthenticatedUserAndUnknownTokensGet401() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> discovery =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/apis/batch/v1"))
                .header("Authorization", "Bearer bob-token")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(discovery.statusCode()).isEqualTo(200);
    HttpResponse<String> stranger =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/apis/batch/v1/jobs"))
                .header("Authorization", "Bearer who-knows")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(stranger.statusCode()).isEqualTo(401);
  }

  @Test
  void theServersOwnTokenMayDoEverything() {
    try (KubernetesClient admin = client("admin-token")) {
      admin.batch().v1().jobs().inNamespace("default").resource(job("admins")).create();
      assertThat(admin.batch().v1().jobs().inAnyNamespace().list().getItems()).isNotEmpty();
    }
  }
}
