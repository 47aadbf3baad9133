package io.batchd.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AbacPolicyTest {
  @TempDir Path dir;

  private static final UserInfo ALICE =
      new UserInfo("alice", "1", List.of("team-a", UserInfo.AUTHENTICATED));
  private static final UserInfo BOB = new UserInfo("bob", "2", List.of(UserInfo.AUTHENTICATED));

  private AbacPolicy policy(String... lines) throws Exception {
    Path file = dir.resolve("policy.jsonl");
    Files.write(file, List.of(lines));
    return AbacPolicy.read(file);
  }

  private static String rule(String spec) {
    return "{\"apiVersion\":\"abac.authorization.kubernetes.io/v1beta1\",\"kind\":\"Policy\","
        + "\"spec\":"
        + spec
        + "}";
  }

  @ParameterizedTest(name = "{0} {1} {3}/{4} in \"{2}\" -> {5}")
  @CsvSource({
    // alice may do anything with batch jobs in team-a
    "alice, create, team-a, batch, jobs, true",
    "alice, delete, team-a, batch, jobs, true",
    "alice, list, default, batch, jobs, false",
    "alice, list, '', batch, jobs, false",
    "alice, create, team-a, '', pods, false",
    // the group team-a may read pods anywhere
    "alice, list, default, '', pods, true",
    "alice, watch, '', '', pods, true",
    "alice, delete, default, '', pods, false",
    // bob has nothing
    "bob, get, team-a, batch, jobs, false",
  })
  void matchesAsUpstreamAbac(
      String user, String verb, String namespace, String group, String resource, boolean allowed)
      throws Exception {
    AbacPolicy p =
        policy(
            rule(
                "{\"user\":\"alice\",\"namespace\":\"team-a\",\"resource\":\"jobs\",\"apiGroup\":\"batch\"}"),
            "",
            "# comments and blank lines are skipped",
            rule(
                "{\"group\":\"team-a\",\"readonly\":true,\"namespace\":\"*\",\"resource\":\"pods\",\"apiGroup\":\"\"}"));
    UserInfo who = user.equals("alice") ? ALICE : BOB;
    assertThat(p.allows(who, verb, namespace, group, resource, null)).isEqualTo(allowed);
  }

  @Test
  void aRuleWithNeitherUserNorGroupMatchesNobody() throws Exception {
    AbacPolicy p = policy(rule("{\"namespace\":\"*\",\"resource\":\"*\",\"apiGroup\":\"*\"}"));
    assertThat(p.allows(ALICE, "get", "default", "batch", "jobs", null)).isFalse();
  }

  @Test
  void userAndGroupMustBothMatchWhenBothAreGiven() throws Exception {
    AbacPolicy p =
        policy(
            rule(
                "{\"user\":\"bob\",\"group\":\"team-a\",\"namespace\":\"*\",\"resource\":\"*\",\"apiGroup\":\"*\"}"));
    assertThat(p.allows(BOB, "get", "default", "batch", "jobs", null)).isFalse();
    assertThat(p.allows(new UserInfo("bob", "2", List.of("team-a")), "get", "x", "", "pods", null))
        .isTrue();
  }

  @Test
  void nonResourcePathsMatchExactlyOrByPrefix() throws Exception {
    AbacPolicy p = policy(rule("{\"user\":\"*\",\"nonResourcePath\":\"/apis/*\"}"));
    assertThat(p.allows(BOB, "get", "", "", null, "/apis/batch/v1")).isTrue();
    assertThat(p.allows(BOB, "get", "", "", null, "/api/v1")).isFalse();
    assertThat(p.allows(BOB, "get", "default", "batch", "jobs", null))
        .as("a path rule grants no resources")
        .isFalse();
  }

  @Test
  void refusesLinesThatAreNotPolicies() {
    assertThatThrownBy(() -> policy("{\"user\":\"alice\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining("expected apiVersion abac.authorization.kubernetes.io/v1beta1");
    assertThatThrownBy(() -> policy("", "not json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2: not a JSON object");
  }
}
