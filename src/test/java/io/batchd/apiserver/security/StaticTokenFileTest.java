package io.batchd.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticTokenFileTest {
  @TempDir Path dir;

  private Map<String, UserInfo> read(String... lines) throws Exception {
    Path file = dir.resolve("tokens.csv");
    Files.write(file, List.of(lines));
    return StaticTokenFile.read(file);
  }

  @Test
  void readsUsersWithQuotedGroups() throws Exception {
    Map<String, UserInfo> users =
        read("# token,user,uid,groups", "t1,alice,1001,\"team-a,readers\"", "", "t2,bob,1002");
    assertThat(users.get("t1"))
        .isEqualTo(
            new UserInfo("alice", "1001", List.of("team-a", "readers", "system:authenticated")));
    assertThat(users.get("t2"))
        .isEqualTo(new UserInfo("bob", "1002", List.of("system:authenticated")));
  }

  @Test
  void refusesShortLinesAndRepeatedTokens() {
    assertThatThrownBy(() -> read("t1,alice"))
        .hasMessageContaining("line 1: expected token,user,uid");
    assertThatThrownBy(() -> read("t1,alice,1", "t1,bob,2"))
        .hasMessageContaining("line 2: the token appears more than once");
  }

  @Test
  void csvQuotesProtectCommasAndQuotes() {
    assertThat(StaticTokenFile.csv("a,\"b,c\",\"d\"\"e\"")).containsExactly("a", "b,c", "d\"e");
  }
}
