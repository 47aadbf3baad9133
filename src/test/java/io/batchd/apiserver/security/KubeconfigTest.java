package io.batchd.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class KubeconfigTest {
  private static final String SERVER = "https://127.0.0.1:6443";
  private static final String TOKEN = "abc_DEF-123";

  @TempDir Path dir;

  private String caPem() {
    return ServerCredentials.loadOrCreate(dir.resolve("data"), List.of()).caCertPem();
  }

  @Test
  void parsesBackWithOneClusterUserAndContextNamedBatchd() throws Exception {
    String caPem = caPem();
    Path file = dir.resolve("kubeconfig");

    Kubeconfig.write(file, SERVER, caPem, TOKEN);

    JsonNode config = new YAMLMapper().readTree(Files.readString(file));
    assertThat(config.path("apiVersion").asString()).isEqualTo("v1");
    assertThat(config.path("kind").asString()).isEqualTo("Config");
    assertThat(config.path("current-context").asString()).isEqualTo("batchd");

    assertThat(config.path("clusters")).hasSize(1);
    JsonNode cluster = config.path("clusters").get(0);
    assertThat(cluster.path("name").asString()).isEqualTo("batchd");
    assertThat(cluster.path("cluster").path("server").asString()).isEqualTo(SERVER);
    String caData = cluster.path("cluster").path("certificate-authority-data").asString();
    assertThat(new String(Base64.getDecoder().decode(caData), StandardCharsets.US_ASCII))
        .isEqualTo(caPem);

    assertThat(config.path("users")).hasSize(1);
    JsonNode user = config.path("users").get(0);
    assertThat(user.path("name").asString()).isEqualTo("batchd");
    assertThat(user.path("user").path("token").asString()).isEqualTo(TOKEN);

    assertThat(config.path("contexts")).hasSize(1);
    JsonNode context = config.path("contexts").get(0);
    assertThat(context.path("name").asString()).isEqualTo("batchd");
    assertThat(context.path("context").path("cluster").asString()).isEqualTo("batchd");
    assertThat(context.path("context").path("user").asString()).isEqualTo("batchd");
    assertThat(context.path("context").path("namespace").asString()).isEqualTo("default");
  }

  @Test
  void fabric8ReadsTheServerCaTokenAndNamespace() throws Exception {
    String caPem = caPem();
    Path file = dir.resolve("kubeconfig");

    Kubeconfig.write(file, SERVER, caPem, TOKEN);

    Config config = Config.fromKubeconfig(Files.readString(file));
    assertThat(config.getMasterUrl()).startsWith(SERVER);
    // fabric8 keeps a kubeconfig token as the "auto" token, the one it may refresh from the file.
    assertThat(config.getAutoOAuthToken()).isEqualTo(TOKEN);
    assertThat(config.getNamespace()).isEqualTo("default");
    assertThat(config.getCurrentContext().getName()).isEqualTo("batchd");
    assertThat(
            new String(
                Base64.getDecoder().decode(config.getCaCertData()), StandardCharsets.US_ASCII))
        .isEqualTo(caPem);
  }

  @Test
  void isReadableOnlyByItsOwnerEvenWhenReplacingAWorldReadableFile() throws Exception {
    Path file = dir.resolve("nested/dir/kubeconfig");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    Kubeconfig.write(file, SERVER, caPem(), TOKEN);

    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(file)).contains(TOKEN).doesNotContain("old");
  }

  @Test
  void tokenAndUrlWithYamlSpecialCharactersSurviveTheRoundTrip() throws Exception {
    Path file = dir.resolve("kubeconfig");
    String token = "a: #b' \"c";
    String server = "https://[::1]:6443";

    Kubeconfig.write(file, server, caPem(), token);

    JsonNode config = new YAMLMapper().readTree(Files.readString(file));
    assertThat(config.at("/users/0/user/token").asString()).isEqualTo(token);
    assertThat(config.at("/clusters/0/cluster/server").asString()).isEqualTo(server);
  }
}
