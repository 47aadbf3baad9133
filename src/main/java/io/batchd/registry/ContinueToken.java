package io.batchd.registry;

import io.batchd.api.errors.StatusException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The opaque {@code continue} token of a paged list, shaped as upstream's: base64url of {@code
 * {"v":"meta.k8s.io/v1","rv":N,"start":"..."}}. It pins the revision of the first page, so every
 * page is read from the same snapshot, and names the last key served (relative to the prefix).
 */
public record ContinueToken(long revision, String lastKey) {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String VERSION = "meta.k8s.io/v1";

  public String encode() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("v", VERSION);
    body.put("rv", revision);
    body.put("start", lastKey);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(body));
  }

  /** Decodes a client's token, or fails with 400 saying it is not one of ours. */
  public static ContinueToken decode(String token) {
    try {
      byte[] raw = Base64.getUrlDecoder().decode(token.replace('+', '-').replace('/', '_'));
      JsonNode node = JSON.readTree(new String(raw, StandardCharsets.UTF_8));
      if (!VERSION.equals(node.path("v").asString(""))
          || !node.path("rv").isIntegralNumber()
          || node.path("rv").asLong() <= 0
          || !node.path("start").isString()
          || node.path("start").asString().contains("..")) {
        throw new IllegalArgumentException("unexpected content");
      }
      return new ContinueToken(node.get("rv").asLong(), node.get("start").asString());
    } catch (RuntimeException e) {
      throw StatusException.badRequest(
          "continue key is not valid: "
              + e.getMessage()
              + "; pass back the continue value of the previous list response unchanged");
    }
  }
}
