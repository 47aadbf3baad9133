package io.batchd.node.runtime;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Removes sandboxes: a sandbox is first renamed into a {@code removed/} directory beside the pods
 * (one cheap rename, after which its path is free), then deleted there by one background thread,
 * without following symbolic links (hostPath volumes are never touched).
 *
 * <p>Why not delete at once: deleting a directory costs about a millisecond on this kind of disk
 * (ext4 mounted with {@code discard}), several per sandbox, which the pod's worker would otherwise
 * wait for. What a crash leaves in {@code removed/} is deleted when the runtime starts again.
 */
final class SandboxRemover implements AutoCloseable {
  private static final Logger LOG = System.getLogger(SandboxRemover.class.getName());

  private final Path removed;
  private final AtomicLong sequence = new AtomicLong();
  private final ExecutorService deleter =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().daemon().name("process-runtime-sandbox-remover").factory());

  /**
   * @param removed where sandboxes wait for deletion; on the same file system as the sandboxes
   */
  SandboxRemover(Path removed) {
    this.removed = removed;
    deleter.execute(this::deleteLeftovers);
  }

  /** Moves {@code sandbox} away at once and deletes it in the background. */
  void remove(Path sandbox) {
    Path target = removed.resolve(sandbox.getFileName() + "." + sequence.incrementAndGet());
    try {
      Files.createDirectories(removed);
      Files.move(sandbox, target);
    } catch (NoSuchFileException e) {
      return; // already gone
    } catch (IOException e) {
      LOG.log(
          Level.DEBUG,
          "cannot move the sandbox " + sandbox + " away (" + e + "); deleting it there");
      target = sandbox;
    }
    Path doomed = target;
    deleter.execute(() -> delete(doomed));
  }

  private void deleteLeftovers() {
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(removed)) {
      for (Path leftover : leftovers) {
        delete(leftover);
      }
    } catch (NoSuchFileException e) {
      // Nothing was left.
    } catch (IOException e) {
      LOG.log(Level.WARNING, "listing removed sandboxes in " + removed + " failed", e);
    }
  }

  private static void delete(Path directory) {
    try {
      deleteTree(directory);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "removing the sandbox " + directory + " failed", e);
    }
  }

  /** Deletes a directory tree without following symbolic links (hostPath volumes stay). */
  static void deleteTree(Path directory) throws IOException {
    try {
      Files.walkFileTree(
          directory,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              if (e != null) {
                throw e;
              }
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (NoSuchFileException e) {
      // Already gone.
    }
  }

  /** Deletes what is queued, then lets the thread end (without waiting for it). */
  @Override
  public void close() {
    deleter.shutdown();
  }
}
