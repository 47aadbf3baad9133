package io.batchd.apiserver;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The columns of {@code kubectl get events}, as upstream's {@code printEvent}: LAST SEEN, TYPE,
 * REASON, OBJECT ({@code kind/name} in lower case) and MESSAGE; wide adds SUBOBJECT, SOURCE, FIRST
 * SEEN, COUNT and NAME. Times fall back from the legacy timestamps to {@code eventTime} and the
 * series, as upstream's do.
 */
final class EventColumns implements TableColumns<Event> {
  private static final List<Column> COLUMNS =
      List.of(
          new Column(
              "Last Seen",
              "string",
              "",
              "The time at which the most recent occurrence of this event was recorded.",
              0),
          new Column(
              "Type",
              "string",
              "",
              "Type of this event (Normal, Warning), new types could be added in the future",
              0),
          new Column(
              "Reason",
              "string",
              "",
              "This should be a short, machine understandable string that gives the reason for the"
                  + " transition into the object's current status.",
              0),
          new Column("Object", "string", "", "The object that this event is about.", 0),
          new Column(
              "Subobject",
              "string",
              "",
              "If referring to a piece of an object instead of an entire object, this string should"
                  + " contain a valid JSON/Go field access statement, such as"
                  + " desiredState.manifest.containers[2].",
              1),
          new Column(
              "Source",
              "string",
              "",
              "The component reporting this event. Should be a short machine understandable string.",
              1),
          new Column(
              "Message",
              "string",
              "",
              "A human-readable description of the status of this operation.",
              0),
          new Column(
              "First Seen",
              "string",
              "",
              "The time at which the event was first recorded. (Time of server receipt is in"
                  + " TypeMeta.)",
              1),
          new Column("Count", "string", "", "The number of times this event has occurred.", 1),
          new Column(
              "Name",
              "string",
              "name",
              "Name must be unique within a namespace. Cannot be updated.",
              1));

  private final Clock clock;

  EventColumns(Clock clock) {
    this.clock = clock;
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(Event e) {
    String eventTime = e.getEventTime() == null ? null : e.getEventTime().getTime();
    String firstSeen =
        e.getFirstTimestamp() != null
            ? Tables.age(clock, e.getFirstTimestamp())
            : Tables.age(clock, eventTime);
    String lastSeen =
        e.getLastTimestamp() != null ? Tables.age(clock, e.getLastTimestamp()) : firstSeen;
    long count = e.getCount() == null ? 0 : e.getCount();
    if (e.getSeries() != null) {
      lastSeen =
          Tables.age(
              clock,
              e.getSeries().getLastObservedTime() == null
                  ? null
                  : e.getSeries().getLastObservedTime().getTime());
      count = e.getSeries().getCount() == null ? 0 : e.getSeries().getCount();
    } else if (count == 0) {
      count = 1; // singleton events of the newer API carry no count
    }
    ObjectReference o =
        e.getInvolvedObject() == null ? new ObjectReference() : e.getInvolvedObject();
    String kind = o.getKind() == null ? "" : o.getKind().toLowerCase(Locale.ROOT);
    String target = o.getName() == null || o.getName().isEmpty() ? kind : kind + "/" + o.getName();
    List<Object> cells = new ArrayList<>();
    cells.add(lastSeen);
    cells.add(orEmpty(e.getType()));
    cells.add(orEmpty(e.getReason()));
    cells.add(target);
    cells.add(orEmpty(o.getFieldPath()));
    cells.add(source(e));
    cells.add(orEmpty(e.getMessage()).strip());
    cells.add(firstSeen);
    cells.add(count);
    cells.add(e.getMetadata().getName());
    return cells;
  }

  /** The component, else the reporting controller; with the host (or instance) after a comma. */
  private static String source(Event e) {
    EventSource s = e.getSource() == null ? new EventSource() : e.getSource();
    String component = firstNonEmpty(s.getComponent(), e.getReportingComponent());
    String instance = firstNonEmpty(s.getHost(), e.getReportingInstance());
    return instance.isEmpty() ? component : component + ", " + instance;
  }

  private static String firstNonEmpty(String a, String b) {
    return a != null && !a.isEmpty() ? a : orEmpty(b);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
