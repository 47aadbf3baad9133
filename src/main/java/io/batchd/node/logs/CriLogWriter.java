package io.batchd.node.logs;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a container's stdout and stderr into one file in the CRI log format, as containerd does:
 * one entry per line, {@code <RFC3339Nano time> <stream> <tag> <text>}, tag {@code F} for a whole
 * line and {@code P} for a piece of one. The line end ({@code \n} or {@code \r\n}) is not kept;
 * lines longer than {@link #MAX_LINE_BYTES} are cut into {@code P} entries, and output that ends
 * without a line end is written as a last {@code P} entry when the stream closes.
 *
 * <p>The file is rotated as {@link LogRotation} says: before an append that would make it larger
 * than the max size, it is renamed to {@code <file>.<UTC time>} and a new file is started.
 *
 * <p>Each {@link Output} belongs to one stream and is written by one thread at a time (the reader
 * of that stream's pipe); the file is shared and each batch of entries is appended in one write.
 */
public final class CriLogWriter implements Closeable {
  /** containerd's default {@code max_container_log_line_size}. */
  public static final int MAX_LINE_BYTES = 16 * 1024;

  private final Path file;
  private final LogRotation rotation;
  private final InstantSource clock;
  private FileChannel channel;
  private Instant lastRotation;

  private CriLogWriter(Path file, LogRotation rotation, InstantSource clock) throws IOException {
    this.file = file;
    this.rotation = rotation;
    this.clock = clock;
    this.channel = openForAppend(file);
  }

  /** Opens {@code file} with the kubelet's default rotation. */
  public static CriLogWriter open(Path file) throws IOException {
    return open(file, LogRotation.DEFAULTS);
  }

  /**
   * Opens (creating it and its directory if needed) {@code file} for appending, rotating it as
   * {@code rotation} says.
   */
  public static CriLogWriter open(Path file, LogRotation rotation) throws IOException {
    return open(file, rotation, InstantSource.system());
  }

  static CriLogWriter open(Path file, LogRotation rotation, InstantSource clock)
      throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return new CriLogWriter(file, rotation, clock);
  }

  private static FileChannel openForAppend(Path file) throws IOException {
    return FileChannel.open(
        file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /** A writer of one stream's bytes; not thread-safe. */
  public Output output(LogStream stream) {
    return new Output(stream);
  }

  /**
   * Appends whole entries, rotating between two entries whenever the next would not fit: how the
   * process's output arrives in reads (one line or a hundred at a time) does not change where the
   * files are cut.
   */
  private synchronized void append(byte[] bytes, int length) throws IOException {
    int start = 0;
    while (start < length) {
      long size = channel.size();
      long room = rotation.maxSizeBytes() - size;
      int end = -1;
      for (int i = start; i < length; i++) {
        if (bytes[i] == '\n') {
          if (i + 1 - start > room) {
            break;
          }
          end = i + 1;
        }
      }
      if (end < 0) {
        if (size > 0) {
          rotate();
          continue;
        }
        // An entry larger than a whole file goes alone into the empty file.
        end = start;
        while (end < length && bytes[end] != '\n') {
          end++;
        }
        end = Math.min(length, end + 1);
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes, start, end - start);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      start = end;
    }
  }

  /**
   * Renames the current file to {@code <file>.<time>}, starts a new one and deletes the oldest
   * rotated files beyond the limit. Only whole batches of entries are ever written, so a reader
   * that drains the renamed file sees complete lines.
   */
  private void rotate() throws IOException {
    channel.close();
    Instant time = clock.instant();
    // Each rotated name must sort after the earlier ones, also with a coarse or fixed clock.
    if (lastRotation != null && !time.isAfter(lastRotation)) {
      time = lastRotation.plusNanos(1);
    }
    Path rotated = LogRotation.rotatedName(file, time);
    while (Files.exists(rotated)) {
      time = time.plusNanos(1);
      rotated = LogRotation.rotatedName(file, time);
    }
    Files.move(file, rotated);
    lastRotation = time;
    channel = openForAppend(file);
    List<Path> kept = LogRotation.rotatedFiles(file);
    for (int i = 0; i < kept.size() - (rotation.maxFiles() - 1); i++) {
      Files.deleteIfExists(kept.get(i));
    }
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }

  /** One stream's bytes turned into entries. */
  public final class Output {
    private final byte[] streamName;
    private byte[] pending = new byte[256];
    private int pendingLength;
    private final Batch batch = new Batch();

    private Output(LogStream stream) {
      this.streamName = stream.wireName().getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes the whole lines in {@code bytes}; a line's unfinished end waits for more. */
    public void write(byte[] bytes, int offset, int length) throws IOException {
      byte[] header = null;
      int start = offset;
      int end = offset + length;
      for (int i = offset; i < end; i++) {
        if (bytes[i] != '\n') {
          continue;
        }
        if (header == null) {
          header = timestamp();
        }
        keep(bytes, start, i - start);
        int lineLength = pendingLength;
        if (lineLength > 0 && pending[lineLength - 1] == '\r') {
          lineLength--;
        }
        entries(header, lineLength, true);
        pendingLength = 0;
        start = i + 1;
      }
      keep(bytes, start, end - start);
      int content = pendingLength;
      if (content > 0 && pending[content - 1] == '\r') {
        content--; // it may be the first half of "\r\n"
      }
      if (content > MAX_LINE_BYTES) {
        if (header == null) {
          header = timestamp();
        }
        int cut = content - content % MAX_LINE_BYTES;
        if (cut == content) {
          cut -= MAX_LINE_BYTES;
        }
        entries(header, cut, false);
        System.arraycopy(pending, cut, pending, 0, pendingLength - cut);
        pendingLength -= cut;
      }
      flushBatch();
    }

    /** The stream has ended: what is left of an unfinished line becomes a {@code P} entry. */
    public void finish() throws IOException {
      if (pendingLength > 0) {
        entries(timestamp(), pendingLength, false);
        pendingLength = 0;
        flushBatch();
      }
    }

    private byte[] timestamp() {
      return CriTimestamps.format(clock.instant()).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Adds the first {@code length} pending bytes as entries: {@code P} entries of {@link
     * #MAX_LINE_BYTES}, then (when {@code lineEnds}) an {@code F} entry with the rest.
     */
    private void entries(byte[] header, int length, boolean lineEnds) {
      int at = 0;
      while (length - at > MAX_LINE_BYTES || (!lineEnds && at < length)) {
        int piece = Math.min(MAX_LINE_BYTES, length - at);
        batch.entry(header, streamName, 'P', pending, at, piece);
        at += piece;
      }
      if (lineEnds) {
        batch.entry(header, streamName, 'F', pending, at, length - at);
      }
    }

    private void keep(byte[] bytes, int offset, int length) {
      if (pendingLength + length > pending.length) {
        pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
      }
      System.arraycopy(bytes, offset, pending, pendingLength, length);
      pendingLength += length;
    }

    private void flushBatch() throws IOException {
      if (batch.size() > 0) {
        append(batch.bytes(), batch.size());
        batch.reset();
      }
    }
  }

  /** Entries formatted for one append. */
  private static final class Batch extends ByteArrayOutputStream {
    void entry(byte[] time, byte[] stream, char tag, byte[] text, int offset, int length) {
      write(time, 0, time.length);
      write(' ');
      write(stream, 0, stream.length);
      write(' ');
      write(tag);
      write(' ');
      write(text, offset, length);
      write('\n');
    }

    byte[] bytes() {
      return buf;
    }
  }
}
