package io.batchd.apiserver.fieldmanager;

import io.batchd.api.GoStrings;
import io.batchd.api.codec.Codecs;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who manages a set of fields: a manager name, the operation ({@code Apply} or {@code Update}), the
 * API version of an Update and the subresource written. Two entries with the same key are one
 * manager, as upstream's manager identifier says: an applier keeps one entry across versions, an
 * updater has one per version, and writes to {@code /status} are managed apart from the rest.
 */
record ManagerKey(String manager, String operation, String apiVersion, String subresource) {
  static final String APPLY = "Apply";
  static final String UPDATE = "Update";

  static ManagerKey apply(String manager, String subresource) {
    return new ManagerKey(manager, APPLY, null, subresource);
  }

  static ManagerKey update(String manager, String apiVersion, String subresource) {
    return new ManagerKey(manager, UPDATE, apiVersion, subresource);
  }

  boolean applies() {
    return APPLY.equals(operation);
  }

  /**
   * Upstream's identifier: the entry without its fields, time and (for appliers) apiVersion, as
   * Go's JSON encoder writes it. Used to order managers as upstream does.
   */
  String identifier() {
    ObjectNode id = Codecs.JSON.createObjectNode();
    if (manager != null && !manager.isEmpty()) {
      id.put("manager", manager);
    }
    id.put("operation", operation);
    if (!applies() && apiVersion != null && !apiVersion.isEmpty()) {
      id.put("apiVersion", apiVersion);
    }
    if (subresource != null && !subresource.isEmpty()) {
      id.put("subresource", subresource);
    }
    return Codecs.JSON.writeValueAsString(id);
  }

  /** How conflict messages name the manager: {@code "kubectl" using batch/v1}. */
  String display() {
    String name = GoStrings.quote(manager == null ? "" : manager);
    if (subresource != null && !subresource.isEmpty()) {
      name += " with subresource " + GoStrings.quote(subresource);
    }
    if (!applies()) {
      name += " using " + apiVersion;
    }
    return name;
  }
}
