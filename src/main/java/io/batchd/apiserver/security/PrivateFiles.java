package io.batchd.apiserver.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes credential files so that a reader never sees a half-written file and a secret is never
 * readable by others, not even for a moment.
 *
 * <p>On file systems without POSIX permissions (Windows) the modes are skipped; the files then
 * inherit the directory's access rules.
 */
final class PrivateFiles {
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> WORLD_READABLE =
      PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private PrivateFiles() {}

  /** Creates {@code dir} and its parents; a directory this call creates is mode 0700. */
  static void createPrivateDirectory(Path dir) {
    try {
      if (Files.isDirectory(dir)) {
        return; // an existing directory keeps the mode its owner chose
      }
      Files.createDirectories(dir);
      if (isPosix(dir)) {
        Files.setPosixFilePermissions(dir, OWNER_ONLY_DIRECTORY);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create directory " + dir, e);
    }
  }

  /** Replaces {@code file} atomically with {@code content}, readable only by its owner (0600). */
  static void writeOwnerOnly(Path file, String content) {
    write(file, content, OWNER_ONLY);
  }

  /** Replaces {@code file} atomically with {@code content}, readable by everyone (0644). */
  static void writeWorldReadable(Path file, String content) {
    write(file, content, WORLD_READABLE);
  }

  private static void write(Path file, String content, Set<PosixFilePermission> mode) {
    Path dir = file.toAbsolutePath().getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      // The temporary file is created 0600 (createTempFile's default on POSIX), so a secret is
      // never exposed; the final mode is set before the rename, independent of the umask.
      temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
        // Flushed before the rename so that a power loss cannot leave an empty credential behind.
        channel.force(true);
      }
      if (isPosix(temp)) {
        Files.setPosixFilePermissions(temp, mode);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static boolean isPosix(Path path) {
    return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
  }
}
