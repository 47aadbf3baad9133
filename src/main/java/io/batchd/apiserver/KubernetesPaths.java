package io.batchd.apiserver;

/** Converts JSON Pointers into the field paths Kubernetes prints: {@code spec.containers[0].x}. */
final class KubernetesPaths {
  private KubernetesPaths() {}

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
