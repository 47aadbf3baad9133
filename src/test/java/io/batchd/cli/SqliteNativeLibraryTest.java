package io.batchd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

class SqliteNativeLibraryTest {
  @TempDir Path dataDir;

  @AfterEach
  void clearSettings() {
    System.clearProperty(SqliteNativeLibrary.PATH_PROPERTY);
    System.clearProperty(SqliteNativeLibrary.NAME_PROPERTY);
  }

  private static long jarEntrySize() throws Exception {
    return SqliteNativeLibrary.class
        .getResource(
            LibraryLoaderUtil.getNativeLibResourcePath()
                + "/"
                + LibraryLoaderUtil.getNativeLibName())
        .openConnection()
        .getContentLengthLong();
  }

  @Test
  void firstUseCopiesTheLibraryIntoTheDataDirAndPointsSqliteJdbcAtIt() throws Exception {
    Path copy = SqliteNativeLibrary.useCopyIn(dataDir);

    assertThat(copy).isRegularFile().startsWith(dataDir.resolve("native"));
    assertThat(Files.size(copy)).isEqualTo(jarEntrySize());
    assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY))
        .isEqualTo(copy.getParent().toString());
    assertThat(System.getProperty(SqliteNativeLibrary.NAME_PROPERTY))
        .isEqualTo(copy.getFileName().toString());
    try (var files = Files.list(copy.getParent())) {
      assertThat(files).as("no partial copy is left").containsExactly(copy);
    }
  }

  @Test
  void laterStartsReuseTheCopy() throws Exception {
    Path copy = SqliteNativeLibrary.useCopyIn(dataDir);
    FileTime written = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    Files.setLastModifiedTime(copy, written);
    clearSettings();

    assertThat(SqliteNativeLibrary.useCopyIn(dataDir)).isEqualTo(copy);
    assertThat(Files.getLastModifiedTime(copy)).isEqualTo(written);
  }

  @Test
  void aCopyCutShortIsReplaced() throws Exception {
    Path copy = SqliteNativeLibrary.useCopyIn(dataDir);
    Files.write(copy, new byte[] {1, 2, 3});
    clearSettings();

    SqliteNativeLibrary.useCopyIn(dataDir);

    assertThat(Files.size(copy)).isEqualTo(jarEntrySize());
  }

  @Test
  void theUsersOwnSettingIsLeftAlone() {
    System.setProperty(SqliteNativeLibrary.PATH_PROPERTY, "/opt/sqlite");

    assertThat(SqliteNativeLibrary.useCopyIn(dataDir)).isNull();
    assertThat(dataDir.resolve("native")).doesNotExist();
    assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isEqualTo("/opt/sqlite");
  }
}
