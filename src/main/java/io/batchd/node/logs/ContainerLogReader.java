package io.batchd.node.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
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
            return;
          }
        }
        output.flush();
        if (finalRead || budget == 0) {
          return;
        }
        poll = progressed ? FIRST_POLL_MILLIS : Math.min(poll * 2, MAX_POLL_MILLIS);
        awaitEndOrTimeout(poll);
      }
    }
  }

  private void awaitEndOrTimeout(long millis) throws InterruptedException {
    try {
      containerEnded.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Either way: read again; an ended container (even one that failed) is drained once more.
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
