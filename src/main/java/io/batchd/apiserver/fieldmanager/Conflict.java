package io.batchd.apiserver.fieldmanager;

import io.batchd.api.errors.StatusException;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A field an apply would change that another manager owns. */
record Conflict(ManagerKey manager, FieldPath path) {
  /** The conflicts an apply found, before they become the client's 409. */
  static final class Found extends RuntimeException {
    private final transient List<Conflict> conflicts;

    Found(List<Conflict> conflicts) {
      super(conflicts.size() + " conflicts", null, false, false);
      this.conflicts = List.copyOf(conflicts);
    }

    List<Conflict> conflicts() {
      return conflicts;
    }
  }

  /**
   * Upstream's 409: {@code Apply failed with 1 conflict: conflict with "m" using batch/v1:
   * .spec.parallelism}, or for several a list grouped by manager; one cause of type {@code
   * FieldManagerConflict} per field.
   */
  static StatusException error(List<Conflict> conflicts) {
    List<StatusCause> causes = new ArrayList<>();
    for (Conflict c : conflicts) {
      causes.add(
          new StatusCause(
              c.path().toString(),
              "conflict with " + c.manager().display(),
              "FieldManagerConflict"));
    }
    StatusDetails details = new StatusDetails();
    details.setCauses(causes);
    return new StatusException(409, "Conflict", message(conflicts), details);
  }

  private static String message(List<Conflict> conflicts) {
    if (conflicts.size() == 1) {
      Conflict c = conflicts.getFirst();
      return "Apply failed with 1 conflict: conflict with "
          + c.manager().display()
          + ": "
          + c.path();
    }
    Map<String, List<Conflict>> byManager = new java.util.TreeMap<>();
    for (Conflict c : conflicts) {
      byManager.computeIfAbsent(c.manager().identifier(), k -> new ArrayList<>()).add(c);
    }
    List<String> lines = new ArrayList<>();
    byManager.forEach(
        (id, list) -> {
          lines.add("conflicts with " + list.getFirst().manager().display() + ":");
          list.forEach(c -> lines.add("- " + c.path()));
        });
    return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
  }
}
