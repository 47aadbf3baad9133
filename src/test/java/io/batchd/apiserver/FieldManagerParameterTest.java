package io.batchd.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldManagerParameterTest {
  @Test
  void theManagerOfAWriteIsTheUserAgentUpToItsFirstSlash() {
    record Case(String userAgent, String manager) {}
    for (Case c :
        new Case[] {
          new Case("kubectl/v1.32.5 (linux/amd64) kubernetes/abc", "kubectl"),
          new Case("fabric8-kubernetes-client/8.0.0", "fabric8-kubernetes-client"),
          new Case("no-slash", "no-slash"),
          new Case("a\tb\u0007c/1", "abc"),
          new Case(null, ""),
          new Case("x".repeat(200) + "/1", "x".repeat(128)),
          new Case("é".repeat(100), "é".repeat(64)),
        }) {
      assertThat(FieldManagerParameter.fromUserAgent(c.userAgent()))
          .as(String.valueOf(c.userAgent()))
          .isEqualTo(c.manager());
    }
  }
}
