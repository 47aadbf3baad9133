package io.batchd.apiserver.fieldmanager;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The decoded {@code metadata.managedFields} of an object: each manager's field set, the API
 * version the set is written in, and the time of the manager's last change.
 */
final class ManagedFields {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  /** One manager's fields. */
  record Entry(FieldSet fields, String apiVersion, Instant time) {
    Entry withFields(FieldSet set) {
      return new Entry(set, apiVersion, time);
    }

    Entry withTime(Instant at) {
      return new Entry(fields, apiVersion, at);
    }
  }

  private final Map<ManagerKey, Entry> entries = new LinkedHashMap<>();

  static ManagedFields empty() {
    return new ManagedFields();
  }

  Map<ManagerKey, Entry> entries() {
    return entries;
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  ManagedFields copy() {
    ManagedFields copy = new ManagedFields();
    copy.entries.putAll(entries);
    return copy;
  }

  /**
   * Whether a client asks to drop all managed fields: an empty list, or a list of one empty entry,
   * as upstream accepts on writes other than apply.
   */
  static boolean isReset(JsonNode managedFields) {
    if (managedFields == null || managedFields.isNull() || !managedFields.isArray()) {
      return false;
    }
    return managedFields.isEmpty()
        || (managedFields.size() == 1
            && managedFields.get(0).isObject()
            && managedFields.get(0).isEmpty());
  }

  /**
   * Decodes {@code metadata.managedFields}.
   *
   * @throws IllegalArgumentException if an entry is malformed, as upstream's decoder refuses it
   */
  static ManagedFields decode(JsonNode list) {
    ManagedFields managed = new ManagedFields();
    if (list == null || list.isNull()) {
      return managed;
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException("managedFields must be a list");
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode entry = list.get(i);
      String operation = entry.path("operation").asString("");
      if (!operation.equals(ManagerKey.APPLY) && !operation.equals(ManagerKey.UPDATE)) {
        throw new IllegalArgumentException("operation must be `Apply` or `Update`");
      }
      String apiVersion = entry.path("apiVersion").asString("");
      if (apiVersion.isEmpty()) {
        throw new IllegalArgumentException("apiVersion must not be empty");
      }
      String fieldsType = entry.path("fieldsType").asString("");
      if (fieldsType.isEmpty()) {
        throw new IllegalArgumentException("missing fieldsType in managed fields entry " + i);
      }
      if (!fieldsType.equals("FieldsV1")) {
        throw new IllegalArgumentException(
            "invalid fieldsType \"" + fieldsType + "\" in managed fields entry " + i);
      }
      JsonNode fieldsV1 = entry.get("fieldsV1");
      FieldSet set =
          fieldsV1 == null || fieldsV1.isNull()
              ? FieldSet.empty()
              : FieldSet.fromFieldsV1(
                  io.batchd.api.codec.Codecs.JSON.convertValue(requireObject(fieldsV1), MAP));
      String subresource = entry.path("subresource").asString("");
      ManagerKey key =
          new ManagerKey(
              entry.path("manager").asString(""),
              operation,
              operation.equals(ManagerKey.APPLY) ? null : apiVersion,
              subresource.isEmpty() ? null : subresource);
      Instant time = null;
      if (entry.hasNonNull("time")) {
        try {
          time = Instant.parse(entry.get("time").asString());
        } catch (java.time.format.DateTimeParseException e) {
          throw new IllegalArgumentException("invalid time in managed fields entry " + i);
        }
      }
      managed.entries.put(key, new Entry(set, apiVersion, time));
    }
    return managed;
  }

  private static JsonNode requireObject(JsonNode fieldsV1) {
    if (!fieldsV1.isObject()) {
      throw new IllegalArgumentException("fieldsV1 must be an object");
    }
    return fieldsV1;
  }

  /** The {@code metadata.managedFields} list, sorted as upstream sorts it; null when empty. */
  ArrayNode encode() {
    if (entries.isEmpty()) {
      return null;
    }
    List<Map.Entry<ManagerKey, Entry>> sorted = new ArrayList<>(entries.entrySet());
    sorted.sort(
        Comparator.<Map.Entry<ManagerKey, Entry>, String>comparing(e -> e.getKey().operation())
            .thenComparingLong(e -> seconds(e.getValue().time()))
            .thenComparing(e -> nullToEmpty(e.getKey().manager()))
            .thenComparing(e -> nullToEmpty(e.getValue().apiVersion()))
            .thenComparing(e -> nullToEmpty(e.getKey().subresource())));
    ArrayNode list = NODES.arrayNode();
    for (Map.Entry<ManagerKey, Entry> e : sorted) {
      ManagerKey key = e.getKey();
      ObjectNode entry = list.addObject();
      if (key.manager() != null && !key.manager().isEmpty()) {
        entry.put("manager", key.manager());
      }
      entry.put("operation", key.operation());
      entry.put("apiVersion", e.getValue().apiVersion());
      if (e.getValue().time() != null) {
        entry.put("time", e.getValue().time().toString());
      }
      entry.put("fieldsType", "FieldsV1");
      entry.set(
          "fieldsV1",
          io.batchd.api.codec.Codecs.JSON.valueToTree(e.getValue().fields().toFieldsV1()));
      if (key.subresource() != null && !key.subresource().isEmpty()) {
        entry.put("subresource", key.subresource());
      }
    }
    return list;
  }

  private static long seconds(Instant time) {
    return time == null ? 0 : time.getEpochSecond();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
