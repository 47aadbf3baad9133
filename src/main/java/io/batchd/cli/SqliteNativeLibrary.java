package io.batchd.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Keeps a copy of sqlite-jdbc's native library in the data dir and points sqlite-jdbc at it, so
 * that a start loads the library instead of extracting it again.
 *
 * <p>Left alone, sqlite-jdbc copies the library (1.1 MB) out of the jar into the temporary
 * directory at every start, then compares the copy with the jar's entry one byte at a time; on a
 * 2-core machine that was a tenth of the server's start-up CPU (docs/startup.md). The copy kept
 * here is named by sqlite-jdbc's version and the platform's folder, so an upgrade or another
 * platform gets its own; one whose size differs from the jar's entry (a write cut short) is
 * replaced. The library is then found through sqlite-jdbc's own settings {@code
 * org.sqlite.lib.path} and {@code org.sqlite.lib.name}; when they are set already, the user chose
 * and nothing is done. Any failure here only means sqlite-jdbc extracts the library as it always
 * does.
 */
final class SqliteNativeLibrary {
  static final String PATH_PROPERTY = "org.sqlite.lib.path";
  static final String NAME_PROPERTY = "org.sqlite.lib.name";

  private static final Logger log = LoggerFactory.getLogger(SqliteNativeLibrary.class);

  private SqliteNativeLibrary() {}

  /**
   * Makes sure the copy under {@code dataDir/native} exists and sets sqlite-jdbc's settings to it.
   * Returns the copy, or null when sqlite-jdbc is left to find its library itself.
   */
  static Path useCopyIn(Path dataDir) {
    if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) {
      return null;
    }
    String folder = LibraryLoaderUtil.getNativeLibResourcePath();
    String name = LibraryLoaderUtil.getNativeLibName();
    URL resource = SQLiteJDBCLoader.class.getResource(folder + "/" + name);
    if (resource == null) {
      return null; // no library for this platform in the jar: sqlite-jdbc says so itself
    }
    Path dir =
        dataDir
            .resolve("native")
            .resolve(
                "sqlite-jdbc-"
                    + SQLiteJDBCLoader.getVersion()
                    + folder.replace("/org/sqlite/native", "").replace('/', '-'));
    Path copy = dir.resolve(name);
    try {
      URLConnection entry = resource.openConnection();
      long size = entry.getContentLengthLong();
      if (!Files.isRegularFile(copy) || Files.size(copy) != size) {
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, name, ".partial");
        try (InputStream in = entry.getInputStream()) {
          Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("sqlite-jdbc will extract its native library itself: {}", e.toString());
      return null;
    }
    System.setProperty(PATH_PROPERTY, dir.toString());
    System.setProperty(NAME_PROPERTY, name);
    return copy;
  }
}
