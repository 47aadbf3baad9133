package io.batchd.apiserver;

/** Converts JSON Pointers into the field paths Kubernetes prints: {@code spec.containers[0].x}. */
final class KubernetesPaths {
  private KubernetesPaths() {}

  /**
   * The path of the field the parser is in, ending with {@code name}: {@code spec.x} for a property
   * {@code x} of the top-level {@code spec} object.
   */
  static String fieldPath(tools.jackson.core.JsonParser p, String name) {
    tools.jackson.core.TokenStreamContext parent = p.streamReadContext().getParent();
    String prefix = parent == null ? "" : fromPointer(parent.pathAsPointer().toString());
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  static String fromPointer(String pointer) {
    StringBuilder path = new StringBuilder();
    for (String token : pointer.split("/")) {
      if (token.isEmpty()) {
        continue;
      }
      String t = token.replace("~1", "/").replace("~0", "~");
      if (t.chars().allMatch(Character::isDigit)) {
        path.append('[').append(t).append(']');
      } else {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(t);
      }
    }
    return path.toString();
  }
}
