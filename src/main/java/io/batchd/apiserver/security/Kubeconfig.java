package io.batchd.apiserver.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Writes a kubeconfig that points kubectl and the client libraries at batchd: one cluster, one user
 * and one context, all named {@code batchd}, with {@code default} as the namespace.
 */
public final class Kubeconfig {
  static final String NAME = "batchd";
  static final String NAMESPACE = "default";

  private static final YAMLMapper YAML =
      YAMLMapper.builder().disable(YAMLWriteFeature.WRITE_DOC_START_MARKER).build();

  private Kubeconfig() {}

  /**
   * Replaces {@code file} (atomically, mode 0600, since it holds the token) with a kubeconfig for
   * the server at {@code serverUrl}, trusted through the CA in {@code caPem} and authenticated with
   * the bearer {@code token}. Parent directories are created as needed.
   *
   * @param serverUrl the server's URL, e.g. {@code https://127.0.0.1:6443}; kubectl sends the token
   *     only to an {@code https} URL
   * @param caPem the CA certificate in PEM, stored base64-encoded as {@code
   *     certificate-authority-data}
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  public static void write(Path file, String serverUrl, String caPem, String token) {
    Objects.requireNonNull(serverUrl, "serverUrl");
    Objects.requireNonNull(caPem, "caPem");
    Objects.requireNonNull(token, "token");
    PrivateFiles.writeOwnerOnly(file, YAML.writeValueAsString(tree(serverUrl, caPem, token)));
  }

  private static ObjectNode tree(String serverUrl, String caPem, String token) {
    ObjectNode config = YAML.createObjectNode();
    config.put("apiVersion", "v1");
    config.put("kind", "Config");

    ObjectNode cluster = config.putArray("clusters").addObject();
    cluster.put("name", NAME);
    cluster
        .putObject("cluster")
        .put("server", serverUrl)
        .put(
            "certificate-authority-data",
            Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)));

    ObjectNode user = config.putArray("users").addObject();
    user.put("name", NAME);
    user.putObject("user").put("token", token);

    ObjectNode context = config.putArray("contexts").addObject();
    context.put("name", NAME);
    context.putObject("context").put("cluster", NAME).put("user", NAME).put("namespace", NAMESPACE);

    config.put("current-context", NAME);
    config.putObject("preferences");
    return config;
  }
}
