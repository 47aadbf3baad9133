package io.batchd.registry.core;

import io.batchd.api.errors.FieldError;
import io.batchd.registry.ResourceType;
import io.batchd.registry.Strategy;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of core/v1 Events, as upstream's event strategy holds them: the legacy validation of
 * {@code ValidateEventCreate} (which the core API applies, not the stricter events.k8s.io rules),
 * no status, and the field selectors {@code kubectl describe} uses ({@code involvedObject.*}).
 */
public final class EventStrategy implements Strategy<Event> {
  public static final ResourceType<Event> EVENTS =
      new ResourceType<>(
          "",
          "v1",
          "events",
          "event",
          "Event",
          true,
          List.of("ev"),
          List.of(),
          List.of(),
          Event.class);

  private static final Set<String> SELECTABLE =
      Set.of(
          "involvedObject.kind",
          "involvedObject.namespace",
          "involvedObject.name",
          "involvedObject.uid",
          "involvedObject.apiVersion",
          "involvedObject.resourceVersion",
          "involvedObject.fieldPath",
          "reason",
          "reportingComponent",
          "source",
          "type");

  @Override
  public void applyDefaults(Event event) {
    if (event.getInvolvedObject() == null) {
      event.setInvolvedObject(new ObjectReference());
    }
    if (event.getSource() == null) {
      event.setSource(new EventSource());
    }
  }

  @Override
  public List<FieldError> validateCreate(Event event) {
    return EventValidation.validate(event);
  }

  @Override
  public List<FieldError> validateUpdate(Event event, Event old) {
    return EventValidation.validate(event);
  }

  @Override
  public Set<String> selectableFieldNames() {
    return SELECTABLE;
  }

  @Override
  public Map<String, String> selectableFields(Event event) {
    Map<String, String> fields = new HashMap<>();
    ObjectReference o = event.getInvolvedObject();
    fields.put("involvedObject.kind", nullToEmpty(o.getKind()));
    fields.put("involvedObject.namespace", nullToEmpty(o.getNamespace()));
    fields.put("involvedObject.name", nullToEmpty(o.getName()));
    fields.put("involvedObject.uid", nullToEmpty(o.getUid()));
    fields.put("involvedObject.apiVersion", nullToEmpty(o.getApiVersion()));
    fields.put("involvedObject.resourceVersion", nullToEmpty(o.getResourceVersion()));
    fields.put("involvedObject.fieldPath", nullToEmpty(o.getFieldPath()));
    fields.put("reason", nullToEmpty(event.getReason()));
    fields.put("reportingComponent", nullToEmpty(event.getReportingComponent()));
    fields.put("source", nullToEmpty(event.getSource().getComponent()));
    fields.put("type", nullToEmpty(event.getType()));
    return fields;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** Events take no part in garbage collection, as upstream's event strategy says. */
  @Override
  public io.batchd.registry.GarbageCollectionPolicy defaultGarbageCollectionPolicy() {
    return io.batchd.registry.GarbageCollectionPolicy.UNSUPPORTED;
  }
}
