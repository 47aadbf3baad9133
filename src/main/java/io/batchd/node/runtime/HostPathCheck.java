package io.batchd.node.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The kubelet's hostPath type checks, with its messages; the *OrCreate types create the path. */
final class HostPathCheck {
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;

  private HostPathCheck() {}

  static void check(Path path, String type) throws ContainerConfigException {
    try {
      switch (type == null ? "" : type) {
        // No type: no check. containerd creates a missing source as a directory; so do we.
        case "" -> {
          if (!Files.exists(path)) {
            makeDirectory(path);
          }
        }
        case "DirectoryOrCreate" -> {
          if (!Files.exists(path)) {
            makeDirectory(path);
          } else {
            requireDirectory(path);
          }
        }
        case "Directory" -> requireDirectory(path);
        case "FileOrCreate" -> {
          if (!Files.exists(path)) {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(Modes.of(0644)));
          } else {
            requireFile(path);
          }
        }
        case "File" -> requireFile(path);
        case "Socket" -> requireKind(path, S_IFSOCK, "is not a socket file");
        case "CharDevice" -> requireKind(path, S_IFCHR, "is not a character device");
        case "BlockDevice" -> requireKind(path, S_IFBLK, "is not a block device");
        default -> throw new ContainerConfigException(type + " is an invalid volume type");
      }
    } catch (IOException e) {
      throw new ContainerConfigException("hostPath " + path + ": " + e);
    }
  }

  private static void makeDirectory(Path path) throws IOException {
    Files.createDirectories(path, PosixFilePermissions.asFileAttribute(Modes.of(0755)));
  }

  private static void requireDirectory(Path path) throws ContainerConfigException {
    if (!Files.isDirectory(path)) {
      throw failed(path, "is not a directory");
    }
  }

  private static void requireFile(Path path) throws ContainerConfigException {
    if (!Files.isRegularFile(path)) {
      throw failed(path, "is not a file");
    }
  }

  private static void requireKind(Path path, int kind, String problem)
      throws ContainerConfigException, IOException {
    if (!Files.exists(path) || ((int) Files.getAttribute(path, "unix:mode") & S_IFMT) != kind) {
      throw failed(path, problem);
    }
  }

  private static ContainerConfigException failed(Path path, String problem) {
    return new ContainerConfigException("hostPath type check failed: " + path + " " + problem);
  }
}
