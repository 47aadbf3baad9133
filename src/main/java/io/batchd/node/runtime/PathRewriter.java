package io.batchd.node.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rewrites container paths into host paths in command, args, env values and workingDir.
 *
 * <p>A host process cannot see a volume at its {@code mountPath} without a mount namespace, so
 * every occurrence of a mount path in those strings is replaced by the host path it stands for. An
 * occurrence counts only as a whole path prefix: it starts the string or follows a character that
 * cannot be part of a path ({@code space = : , ; " ' ( [ {} and the like — anything but letters,
 * digits and {@code . _ - / ~}), and it ends the string or is followed by {@code /} or such a
 * character. So with a mount at {@code /data}, {@code /data}, {@code /data/in.txt} and
 * {@code --out=/data} are rewritten, {@code /database} and {@code x/data} are not. The longest
 * matching mount path wins (nested mounts).
 */
final class PathRewriter {
  private final List<Mapping> mappings;

  private PathRewriter(List<Mapping> mappings) {
    this.mappings = mappings;
  }

  static Builder builder() {
    return new Builder();
  }

  /** {@code text} with each whole mount path prefix in it replaced by its host path. */
  String rewrite(String text) {
    if (text == null || text.isEmpty() || mappings.isEmpty()) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    int i = 0;
    while (i < text.length()) {
      Mapping match =
          text.charAt(i) == '/' && (i == 0 || !isPathChar(text.charAt(i - 1)))
              ? matchAt(text, i)
              : null;
      if (match == null) {
        i++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length() + 64);
      }
      out.append(text, copied, i).append(match.hostPath());
      i += match.containerPath().length();
      copied = i;
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  private Mapping matchAt(String text, int at) {
    for (Mapping m : mappings) {
      String path = m.containerPath();
      if (!text.startsWith(path, at)) {
        continue;
      }
      int end = at + path.length();
      if (end == text.length() || text.charAt(end) == '/' || !isPathChar(text.charAt(end))) {
        return m;
      }
    }
    return null;
  }

  private static boolean isPathChar(char c) {
    return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '/' || c == '~';
  }

  /** A container path and the host path it stands for. */
  record Mapping(String containerPath, String hostPath) {}

  static final class Builder {
    private final List<Mapping> mappings = new ArrayList<>();

    /** Maps {@code containerPath} (absolute, not "/") to {@code hostPath}. */
    Builder map(String containerPath, Path hostPath) {
      String normalized = Path.of(containerPath).normalize().toString();
      mappings.removeIf(m -> m.containerPath().equals(normalized));
      mappings.add(new Mapping(normalized, hostPath.toString()));
      return this;
    }

    PathRewriter build() {
      List<Mapping> sorted = new ArrayList<>(mappings);
      sorted.sort(Comparator.comparingInt((Mapping m) -> m.containerPath().length()).reversed());
      return new PathRewriter(List.copyOf(sorted));
    }
  }
}
