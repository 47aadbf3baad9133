package io.batchd.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventCorrelatorTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private final EventCorrelator correlator = new EventCorrelator();

  private static Event event(String object, String reason, String message) {
    Event e = new Event();
    e.setMetadata(new ObjectMeta());
    e.getMetadata().setNamespace("default");
    ObjectReference o = new ObjectReference();
    o.setApiVersion("batch/v1");
    o.setKind("Job");
    o.setNamespace("default");
    o.setName(object);
    o.setUid("uid-" + object);
    e.setInvolvedObject(o);
    e.setType("Normal");
    e.setReason(reason);
    e.setMessage(message);
    e.setSource(new EventSource("job-controller", null));
    e.setReportingComponent("job-controller");
    e.setReportingInstance("");
    return e;
  }

  @Test
  void aSourceMayRecord25EventsAboutAnObjectThenOneEveryFiveMinutes() {
    for (int i = 0; i < EventCorrelator.SPAM_BURST; i++) {
      assertThat(correlator.correlate(event("big", "Reason" + i, "m"), T0)).isNotNull();
    }
    assertThat(correlator.correlate(event("big", "Late", "m"), T0.plusSeconds(299))).isNull();
    assertThat(correlator.correlate(event("big", "Late", "m"), T0.plusSeconds(300))).isNotNull();
    assertThat(correlator.correlate(event("big", "Late", "m"), T0.plusSeconds(301))).isNull();
    // Another object has a bucket of its own.
    assertThat(correlator.correlate(event("small", "Reason", "m"), T0)).isNotNull();
  }

  @Test
  void fromTheTenthSimilarMessageEventsAreCombined() {
    for (int i = 1; i < EventCorrelator.AGGREGATE_AFTER; i++) {
      EventCorrelator.Correlated c =
          correlator.correlate(event("job", "SuccessfulCreate", "Created pod: p" + i), T0);
      assertThat(c.event().getMessage()).isEqualTo("Created pod: p" + i);
    }
    EventCorrelator.Correlated tenth =
        correlator.correlate(event("job", "SuccessfulCreate", "Created pod: p10"), T0);
    EventCorrelator.Correlated eleventh =
        correlator.correlate(event("job", "SuccessfulCreate", "Created pod: p11"), T0);
    assertThat(tenth.event().getMessage())
        .isEqualTo("(combined from similar events): Created pod: p10");
    assertThat(eleventh.event().getMessage())
        .isEqualTo("(combined from similar events): Created pod: p11");
    // Both count on one stored event.
    assertThat(tenth.key()).isEqualTo(eleventh.key());
  }

  @Test
  void repeatsOfOneMessageAreNotCombinedButCountedOnOneEvent() {
    EventCorrelator.Correlated first = null;
    for (int i = 0; i < 15; i++) {
      EventCorrelator.Correlated c = correlator.correlate(event("job", "Same", "same text"), T0);
      assertThat(c.event().getMessage()).isEqualTo("same text");
      if (first != null) {
        assertThat(c.key()).isEqualTo(first.key());
      }
      first = c;
    }
  }

  @Test
  void similarEventsTenMinutesApartStartAfresh() {
    for (int i = 1; i < EventCorrelator.AGGREGATE_AFTER; i++) {
      correlator.correlate(event("job", "SuccessfulCreate", "Created pod: p" + i), T0);
    }
    EventCorrelator.Correlated later =
        correlator.correlate(
            event("job", "SuccessfulCreate", "Created pod: p10"), T0.plusSeconds(601));
    assertThat(later.event().getMessage()).isEqualTo("Created pod: p10");
  }
}
