package io.batchd.node.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Serves one container attempt's CRI log file with the pod log options, as the kubelet's log reader
 * does: entries older than {@code since} are skipped, {@code tailLines} starts at the n-th last
 * line of the file, {@code timestamps} prefixes each entry with its time, {@code limitBytes} cuts
 * the output, and {@code follow} keeps reading until the container has ended and the file is
 * drained. Lines that are not CRI log lines are skipped.
 *
 * <p>Only the current file is served, as by the kubelet; a follower that finds the file rotated
 * (the path names another file than the one it reads) drains the one it reads, then reads the
 * rotated files that came after it and the new current file, so that no line is lost or repeated
 * unless the writer deleted a rotated file before it was read.
 */
public final class ContainerLogReader {
  private static final long FIRST_POLL_MILLIS = 5;
  private static final long MAX_POLL_MILLIS = 100;
  private static final int OUTPUT_BUFFER = 16 * 1024;

  private final Path file;
  private final CompletableFuture<?> containerEnded;

  /**
   * @param file the log file of one container attempt
   * @param containerEnded completes when the container's process has ended and its output is all in
   *     the file (the runtime's exit future); followers stop at the end of the file after it
   */
  public ContainerLogReader(Path file, CompletionStage<?> containerEnded) {
    this.file = file;
    this.containerEnded = containerEnded.toCompletableFuture();
  }

  /**
   * Copies the log into {@code sink} with {@code options}; returns when done (at once without
   * {@code follow}). A follower waits for new lines by polling the file (every 5 to 100 ms) and
   * ends when its thread is interrupted.
   *
   * @throws java.nio.file.NoSuchFileException when the file does not exist
   */
  public void copy(LogOptions options, LogSink sink) throws IOException, InterruptedException {
    OpenFile current = OpenFile.of(file);
    try {
      FileChannel channel = current.channel();
      long start =
          options.tailLines() == null
              ? 0
              : TailStart.of(channel, channel.size(), options.tailLines());
      Lines lines = new Lines(channel, start);
      Output output = new Output(options, sink);
      // Without follow, the kubelet serves at most tailLines entries even if the file grows.
      long budget =
          options.tailLines() != null && !options.follow() ? options.tailLines() : Long.MAX_VALUE;
      long poll = FIRST_POLL_MILLIS;
      while (true) {
        boolean endedBeforeRead = containerEnded.isDone();
        boolean finalRead = !options.follow() || endedBeforeRead;
        // Checked before draining: once the writer has renamed the file, it writes no more to it,
        // so the drain below reads all of it before the reader moves on.
        OpenFile next = options.follow() ? nextFile(current) : null;
        boolean progressed = false;
        byte[] line;
        while (budget > 0 && (line = lines.next(finalRead && !options.follow())) != null) {
          progressed = true;
          CriLogEntry entry = CriLogEntry.parse(line, 0, line.length);
          if (entry == null) {
            continue;
          }
          budget--;
          if (!output.accept(entry)) {
            output.flush();
            if (next != null) {
              next.close();
            }
            return;
          }
        }
        output.flush();
        if (next != null) {
          current.close();
          current = next;
          lines = new Lines(current.channel(), 0);
          poll = FIRST_POLL_MILLIS;
          continue;
        }
        if (finalRead || budget == 0) {
          return;
        }
        poll = progressed ? FIRST_POLL_MILLIS : Math.min(poll * 2, MAX_POLL_MILLIS);
        awaitEndOrTimeout(poll);
      }
    } finally {
      current.close();
    }
  }

  /**
   * The file to read after {@code current} when the log has been rotated since it was opened, else
   * null: the rotated file that followed it (several rotations may have happened between two
   * polls), or the current file. A rotated file already deleted is lost, as with the kubelet.
   */
  private OpenFile nextFile(OpenFile current) throws IOException {
    while (true) {
      Object key = OpenFile.keyOf(file);
      if (key == null || key.equals(current.key())) {
        // Not rotated, or renamed a moment ago and the new file not created yet: look again later.
        return null;
      }
      // The current file is opened before the rotated files are listed: a rotation after the
      // open shows in the list, so it is the next file only if nothing newer than current is.
      OpenFile latest = OpenFile.ofCurrent(file);
      if (latest == null) {
        return null;
      }
      List<Path> rotated = LogRotation.rotatedFiles(file);
      int at = -1;
      for (int i = 0; i < rotated.size(); i++) {
        if (current.key().equals(OpenFile.keyOf(rotated.get(i)))) {
          at = i;
        }
      }
      // Not found: its rotated copy was deleted as the oldest, so every rotated file left is newer.
      int next = at + 1;
      if (next >= rotated.size()) {
        return latest;
      }
      latest.close();
      OpenFile opened = OpenFile.ofRotated(rotated.get(next));
      if (opened != null) {
        return opened;
      }
      // Deleted before it could be opened: look again.
    }
  }

  private void awaitEndOrTimeout(long millis) throws InterruptedException {
    try {
      containerEnded.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Either way: read again; an ended container (even one that failed) is drained once more.
    }
  }

  /** An open log file and its identity (device and inode), which a rename keeps. */
  private record OpenFile(FileChannel channel, Object key) {
    /** Opens {@code file}, retrying if it is rotated while being opened. */
    static OpenFile of(Path file) throws IOException {
      while (true) {
        Object before = keyOf(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        Object after = keyOf(file);
        if (after != null && after.equals(before)) {
          return new OpenFile(channel, after);
        }
        channel.close();
        if (after == null) {
          throw new NoSuchFileException(file.toString());
        }
      }
    }

    /** Opens the current {@code file}; null when it is missing for a moment (being rotated). */
    static OpenFile ofCurrent(Path file) throws IOException {
      try {
        return of(file);
      } catch (NoSuchFileException e) {
        return null;
      }
    }

    /** Opens a rotated file (never renamed again, only deleted); null when it is gone. */
    static OpenFile ofRotated(Path rotated) throws IOException {
      try {
        FileChannel channel = FileChannel.open(rotated, StandardOpenOption.READ);
        try {
          return new OpenFile(
              channel, Files.readAttributes(rotated, BasicFileAttributes.class).fileKey());
        } catch (NoSuchFileException e) {
          channel.close();
          return null;
        }
      } catch (NoSuchFileException e) {
        return null;
      }
    }

    /** The file's identity, or null when there is no such file. */
    static Object keyOf(Path file) throws IOException {
      try {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
      } catch (NoSuchFileException e) {
        return null;
      }
    }

    void close() throws IOException {
      channel.close();
    }
  }

  /** The file's lines from a position, without their {@code \n}. */
  private static final class Lines {
    private final FileChannel channel;
    private long position;
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).flip();

    Lines(FileChannel channel, long position) {
      this.channel = channel;
      this.position = position;
    }

    /**
     * The next whole line, or null at the end of the file. An unfinished last line (being written)
     * is left for the next call, unless {@code takeUnfinished} (the kubelet serves it when not
     * following).
     */
    byte[] next(boolean takeUnfinished) throws IOException {
      while (true) {
        for (int i = buffer.position(); i < buffer.limit(); i++) {
          if (buffer.get(i) == '\n') {
            byte[] line = new byte[i - buffer.position()];
            buffer.get(line);
            buffer.get(); // the '\n'
            return line;
          }
        }
        if (!fill()) {
          if (takeUnfinished && buffer.hasRemaining()) {
            byte[] rest = new byte[buffer.remaining()];
            buffer.get(rest);
            return rest;
          }
          return null;
        }
      }
    }

    private boolean fill() throws IOException {
      buffer.compact();
      if (!buffer.hasRemaining()) {
        buffer = ByteBuffer.allocate(buffer.capacity() * 2).put(buffer.flip());
      }
      int n = channel.read(buffer, position);
      buffer.flip();
      if (n <= 0) {
        return false;
      }
      position += n;
      return true;
    }
  }

  /** Applies since, timestamps and limitBytes, and batches bytes for the sink. */
  private static final class Output {
    private final LogOptions options;
    private final LogSink sink;
    private final ByteBuffer buffer = ByteBuffer.allocate(OUTPUT_BUFFER);
    private long remaining;

    Output(LogOptions options, LogSink sink) {
      this.options = options;
      this.sink = sink;
      this.remaining = options.limitBytes() == null ? Long.MAX_VALUE : options.limitBytes();
    }

    /** Adds an entry; false when limitBytes is reached and reading should stop. */
    boolean accept(CriLogEntry entry) throws IOException {
      if (options.since() != null && entry.time().isBefore(options.since())) {
        return true;
      }
      if (options.timestamps()) {
        put((CriTimestamps.format(entry.time()) + " ").getBytes(StandardCharsets.US_ASCII));
      }
      put(entry.text());
      return remaining > 0;
    }

    private void put(byte[] bytes) throws IOException {
      int length = (int) Math.min(bytes.length, remaining);
      remaining -= length;
      int at = 0;
      while (at < length) {
        if (!buffer.hasRemaining()) {
          flush();
        }
        int n = Math.min(buffer.remaining(), length - at);
        buffer.put(bytes, at, n);
        at += n;
      }
    }

    void flush() throws IOException {
      if (buffer.position() > 0) {
        buffer.flip();
        sink.write(buffer);
        buffer.clear();
      }
    }
  }
}
