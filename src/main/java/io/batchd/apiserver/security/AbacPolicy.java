package io.batchd.apiserver.security;

import io.batchd.api.codec.Codecs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Authorization by kube-apiserver's ABAC policy file ({@code --authorization-policy-file}): one
 * {@code abac.authorization.kubernetes.io/v1beta1} Policy per line; a request is allowed when any
 * policy matches its user or group, its verb (read-only policies allow get, list and watch), and
 * its namespace, resource and API group, or its non-resource path — with upstream's matching rules.
 */
public final class AbacPolicy {
  static final String API_VERSION = "abac.authorization.kubernetes.io/v1beta1";
  private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");

  /** One policy line's spec. Empty strings match nothing, {@code *} matches everything. */
  record Rule(
      String user,
      String group,
      boolean readonly,
      String apiGroup,
      String resource,
      String namespace,
      String nonResourcePath) {}

  private final List<Rule> rules;

  AbacPolicy(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static AbacPolicy read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the authorization policy file " + file, e);
    }
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + " line " + (i + 1) + ": ";
      JsonNode policy;
      try {
        policy = Codecs.JSON.readTree(line);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(where + "not a JSON object: " + e.getMessage());
      }
      if (!API_VERSION.equals(policy.path("apiVersion").asString(""))
          || !"Policy".equals(policy.path("kind").asString(""))) {
        throw new IllegalArgumentException(
            where + "expected apiVersion " + API_VERSION + " and kind Policy");
      }
      JsonNode spec = policy.path("spec");
      rules.add(
          new Rule(
              spec.path("user").asString(""),
              spec.path("group").asString(""),
              spec.path("readonly").asBoolean(false),
              spec.path("apiGroup").asString(""),
              spec.path("resource").asString(""),
              spec.path("namespace").asString(""),
              spec.path("nonResourcePath").asString("")));
    }
    return new AbacPolicy(rules);
  }

  /**
   * Whether {@code user} may make the request.
   *
   * @param namespace empty for cluster-scoped requests and lists across namespaces
   * @param resource null for non-resource requests (then {@code path} is checked)
   */
  public boolean allows(
      UserInfo user, String verb, String namespace, String apiGroup, String resource, String path) {
    for (Rule rule : rules) {
      if (subjectMatches(rule, user)
          && (!rule.readonly() || READ_VERBS.contains(verb))
          && (resource != null
              ? resourceMatches(rule, namespace, apiGroup, resource)
              : pathMatches(rule, path))) {
        return true;
      }
    }
    return false;
  }

  private static boolean subjectMatches(Rule rule, UserInfo user) {
    boolean matched = false;
    if (!rule.user().isEmpty()) {
      matched = rule.user().equals("*") || rule.user().equals(user.name());
      if (!matched) {
        return false;
      }
    }
    if (!rule.group().isEmpty()) {
      matched = rule.group().equals("*") || user.groups().contains(rule.group());
      if (!matched) {
        return false;
      }
    }
    return matched;
  }

  private static boolean resourceMatches(
      Rule rule, String namespace, String apiGroup, String resource) {
    return (rule.namespace().equals("*") || rule.namespace().equals(namespace))
        && (rule.resource().equals("*") || rule.resource().equals(resource))
        && (rule.apiGroup().equals("*") || rule.apiGroup().equals(apiGroup));
  }

  private static boolean pathMatches(Rule rule, String path) {
    String p = rule.nonResourcePath();
    if (p.equals("*") || p.equals(path)) {
      return true;
    }
    return p.endsWith("*") && path.startsWith(p.substring(0, p.length() - 1));
  }
}
