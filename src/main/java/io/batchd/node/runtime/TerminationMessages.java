package io.batchd.node.runtime;

import io.batchd.node.logs.ContainerLogReader;
import io.batchd.node.logs.LogOptions;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;

/** A terminated container's message, read as the kubelet reads it, with its limits. */
public final class TerminationMessages {
  /** The kubelet's MaxContainerTerminationMessageLength: the last 4096 bytes of the file. */
  public static final int MAX_FILE_BYTES = 4 * 1024;

  /** FallbackToLogsOnError reads the last 80 lines of the log... */
  public static final int MAX_LOG_LINES = 80;

  /** ...and keeps their last 2048 bytes. */
  public static final int MAX_LOG_BYTES = 2 * 1024;

  /** The kubelet's MaxPodTerminationMessageLogLength, shared evenly by a pod's containers. */
  public static final int MAX_POD_BYTES = 12 * 1024;

  public static final String FALLBACK_TO_LOGS_ON_ERROR = "FallbackToLogsOnError";

  private TerminationMessages() {}

  /**
   * The message of a container that exited with {@code exitCode}: the end of its termination
   * message file; with {@code FallbackToLogsOnError} and a non-zero exit code, the end of its log
   * when the file is missing or empty. Null when there is no message.
   */
  static String read(Path messageFile, String policy, int exitCode, Path logFile) {
    boolean fallbackToLogs = FALLBACK_TO_LOGS_ON_ERROR.equals(policy) && exitCode != 0;
    String message;
    boolean checkLogs;
    try {
      byte[] data = readLastBytes(messageFile, MAX_FILE_BYTES);
      message = new String(data, StandardCharsets.UTF_8);
      checkLogs = fallbackToLogs && data.length == 0;
    } catch (NoSuchFileException e) {
      message = "";
      checkLogs = fallbackToLogs;
    } catch (IOException e) {
      message = "Error on reading termination log " + messageFile + ": " + e.getMessage();
      checkLogs = false;
    }
    if (checkLogs) {
      message = lastLogLines(logFile);
    }
    return message.isEmpty() ? null : message;
  }

  /**
   * Cuts {@code message} to the share of {@link #MAX_POD_BYTES} each container of {@code pod} gets,
   * as the kubelet's status manager does before it writes the pod's status.
   */
  public static String truncateForPod(String message, Pod pod) {
    if (message == null) {
      return null;
    }
    int containers =
        pod.getSpec().getContainers().size() + pod.getSpec().getInitContainers().size();
    int limit = containers > 0 ? MAX_POD_BYTES / containers : MAX_POD_BYTES;
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    return bytes.length <= limit ? message : new String(bytes, 0, limit, StandardCharsets.UTF_8);
  }

  private static String lastLogLines(Path logFile) {
    LastBytes last = new LastBytes(MAX_LOG_BYTES);
    try {
      new ContainerLogReader(logFile, CompletableFuture.completedFuture(null))
          .copy(new LogOptions(false, (long) MAX_LOG_LINES, null, false, null), last::add);
    } catch (IOException e) {
      return "Error on reading termination message from logs: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "Error on reading termination message from logs: interrupted";
    }
    return last.text();
  }

  static byte[] readLastBytes(Path file, int max) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      channel.position(Math.max(0, channel.size() - max));
      return Channels.newInputStream(channel).readNBytes(max);
    }
  }

  /** Keeps the last n bytes written to it (the kubelet's circular buffer). */
  private static final class LastBytes {
    private final byte[] ring;
    private long total;

    LastBytes(int size) {
      ring = new byte[size];
    }

    void add(ByteBuffer bytes) {
      while (bytes.hasRemaining()) {
        ring[(int) (total++ % ring.length)] = bytes.get();
      }
    }

    String text() {
      int length = (int) Math.min(total, ring.length);
      byte[] out = new byte[length];
      int start = (int) ((total - length) % ring.length);
      for (int i = 0; i < length; i++) {
        out[i] = ring[(start + i) % ring.length];
      }
      return new String(out, StandardCharsets.UTF_8);
    }
  }
}
