package io.batchd.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathRewriterTest {
  private static final PathRewriter REWRITER =
      PathRewriter.builder()
          .map("/data", Path.of("/host/vol/data"))
          .map("/data/cache/", Path.of("/host/vol/cache"))
          .map("/dev/termination-log", Path.of("/host/c/0/termination-log"))
          .build();

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "/data | /host/vol/data",
        "/data/ | /host/vol/data/",
        "/data/in.txt | /host/vol/data/in.txt",
        "--out=/data/out | --out=/host/vol/data/out",
        "cat /data/a > /data/b | cat /host/vol/data/a > /host/vol/data/b",
        "PATH=/data/bin:/usr/bin | PATH=/host/vol/data/bin:/usr/bin",
        "`'/data'` | `'/host/vol/data'`",
        // the longest mount path wins
        "/data/cache/x | /host/vol/cache/x",
        "/data/cachex | /host/vol/data/cachex",
        // not a whole path prefix: untouched
        "/database | /database",
        "/data.bak | /data.bak",
        "x/data | x/data",
        "./data | ./data",
        "/srv/data | /srv/data",
        "data | data",
        // file mappings
        "echo hi > /dev/termination-log | echo hi > /host/c/0/termination-log",
        "/dev/termination-log2 | /dev/termination-log2",
        "`` | ``",
      })
  void rewritesWholeMountPathPrefixes(String input, String expected) {
    assertThat(REWRITER.rewrite(input)).isEqualTo(expected);
  }
}
