package io.batchd.registry.core;

import io.batchd.api.errors.FieldError;
import io.batchd.api.selectors.LabelValidation;
import io.batchd.api.validation.DnsNames;
import io.fabric8.kubernetes.api.model.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * core/v1 Events as upstream's legacy event validation checks them: the event's namespace must be
 * its object's (or {@code default} for cluster-scoped objects); an event with an {@code eventTime}
 * (the newer API's form) needs a reporting controller, instance, action and reason within their
 * length limits. As upstream, the core API does not validate an event's metadata beyond this.
 */
final class EventValidation {
  static final int REPORTING_INSTANCE_LIMIT = 128;
  static final int ACTION_LIMIT = 128;
  static final int REASON_LIMIT = 128;
  static final int NOTE_LIMIT = 1024;

  private EventValidation() {}

  static List<FieldError> validate(Event event) {
    List<FieldError> errs = new ArrayList<>();
    String namespace = nullToEmpty(event.getMetadata().getNamespace());
    String objectNamespace = nullToEmpty(event.getInvolvedObject().getNamespace());
    boolean newStyle = event.getEventTime() != null && event.getEventTime().getTime() != null;
    if (!newStyle) {
      boolean matches =
          objectNamespace.isEmpty()
              ? namespace.isEmpty() || namespace.equals("default")
              : namespace.equals(objectNamespace);
      if (!matches) {
        errs.add(mismatch(objectNamespace));
      }
    } else {
      if (objectNamespace.isEmpty()
          && !namespace.equals("default")
          && !namespace.equals("kube-system")) {
        errs.add(mismatch(objectNamespace));
      }
      String controller = nullToEmpty(event.getReportingComponent());
      if (controller.isEmpty()) {
        errs.add(FieldError.required("reportingController", ""));
      }
      for (String msg : LabelValidation.qualifiedNameErrors(controller)) {
        errs.add(FieldError.invalid("reportingController", controller, msg));
      }
      String instance = nullToEmpty(event.getReportingInstance());
      if (instance.isEmpty()) {
        errs.add(FieldError.required("reportingInstance", ""));
      }
      if (instance.length() > REPORTING_INSTANCE_LIMIT) {
        errs.add(tooLong("reportingInstance", REPORTING_INSTANCE_LIMIT));
      }
      String action = nullToEmpty(event.getAction());
      if (action.isEmpty()) {
        errs.add(FieldError.required("action", ""));
      }
      if (action.length() > ACTION_LIMIT) {
        errs.add(tooLong("action", ACTION_LIMIT));
      }
      String reason = nullToEmpty(event.getReason());
      if (reason.isEmpty()) {
        errs.add(FieldError.required("reason", ""));
      }
      if (reason.length() > REASON_LIMIT) {
        errs.add(tooLong("reason", REASON_LIMIT));
      }
      if (nullToEmpty(event.getMessage()).length() > NOTE_LIMIT) {
        errs.add(tooLong("message", NOTE_LIMIT));
      }
    }
    for (String msg : DnsNames.isDns1123Subdomain(namespace)) {
      errs.add(FieldError.invalid("namespace", namespace, msg));
    }
    return errs;
  }

  private static FieldError mismatch(String objectNamespace) {
    return FieldError.invalid(
        "involvedObject.namespace", objectNamespace, "does not match event.namespace");
  }

  private static FieldError tooLong(String field, int limit) {
    return FieldError.invalid(field, "", "can have at most " + limit + " characters");
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
