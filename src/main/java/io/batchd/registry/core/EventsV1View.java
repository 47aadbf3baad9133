package io.batchd.registry.core;

import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.StatusException;
import io.batchd.api.selectors.FieldRequirement;
import io.batchd.api.selectors.FieldSelector;
import io.batchd.registry.ResourceType;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * events.k8s.io/v1 Events as a read-only view of the stored core/v1 Events: upstream stores one
 * kind and serves both versions by conversion; batchd converts each core event when it is read and
 * refuses writes through events.k8s.io (405).
 */
public final class EventsV1View {
  public static final ResourceType<Event> EVENTS =
      new ResourceType<>(
          "events.k8s.io",
          "v1",
          "events",
          "event",
          "Event",
          true,
          List.of("ev"),
          List.of(),
          List.of(),
          Event.class);

  /** The v1 field names and the core fields they select, as upstream's field label conversion. */
  private static final Map<String, String> FIELD_LABELS =
      Map.ofEntries(
          Map.entry("reason", "reason"),
          Map.entry("regarding.kind", "involvedObject.kind"),
          Map.entry("regarding.namespace", "involvedObject.namespace"),
          Map.entry("regarding.name", "involvedObject.name"),
          Map.entry("regarding.uid", "involvedObject.uid"),
          Map.entry("regarding.apiVersion", "involvedObject.apiVersion"),
          Map.entry("regarding.resourceVersion", "involvedObject.resourceVersion"),
          Map.entry("regarding.fieldPath", "involvedObject.fieldPath"),
          Map.entry("reportingController", "reportingComponent"),
          Map.entry("type", "type"),
          Map.entry("metadata.namespace", "metadata.namespace"),
          Map.entry("metadata.name", "metadata.name"));

  /** core/v1 field name to events.k8s.io/v1 field name. */
  private static final Map<String, String> RENAMED =
      Map.of(
          "involvedObject", "regarding",
          "message", "note",
          "source", "deprecatedSource",
          "firstTimestamp", "deprecatedFirstTimestamp",
          "lastTimestamp", "deprecatedLastTimestamp",
          "count", "deprecatedCount",
          "reportingComponent", "reportingController");

  private EventsV1View() {}

  /** The events.k8s.io/v1 form of a stored core/v1 Event. */
  public static Event toV1(io.fabric8.kubernetes.api.model.Event core) {
    JsonNode tree = Codecs.JSON.valueToTree(core);
    ObjectNode v1 = Codecs.JSON.createObjectNode();
    v1.put("apiVersion", "events.k8s.io/v1");
    v1.put("kind", "Event");
    for (Map.Entry<String, JsonNode> field : tree.properties()) {
      String name = field.getKey();
      if (name.equals("apiVersion") || name.equals("kind")) {
        continue;
      }
      JsonNode value = field.getValue();
      if (name.equals("source") && value.isObject() && value.isEmpty()) {
        continue; // an empty source is Go's zero value, omitted from the v1 form
      }
      v1.set(RENAMED.getOrDefault(name, name), value);
    }
    return Codecs.JSON.treeToValue(v1, Event.class);
  }

  /**
   * A field selector in events.k8s.io/v1 terms rewritten to the core fields it selects.
   *
   * @throws StatusException 400 for a field the v1 API does not offer
   */
  public static String toCoreFieldSelector(String selector) {
    if (selector == null || selector.isEmpty()) {
      return selector;
    }
    List<String> terms = new ArrayList<>();
    for (FieldRequirement r : FieldSelector.parse(selector).requirements()) {
      String core = FIELD_LABELS.get(r.field());
      if (core == null) {
        throw StatusException.badRequest("field label not supported: " + r.field());
      }
      terms.add(new FieldRequirement(core, r.operator(), r.value()).toString());
    }
    return String.join(",", terms);
  }
}
