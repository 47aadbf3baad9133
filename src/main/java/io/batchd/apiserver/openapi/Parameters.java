package io.batchd.apiserver.openapi;

import java.util.List;

/**
 * The parameters the resource endpoints accept, with upstream's names and types. kubectl checks
 * that PATCH operations list {@code fieldValidation} before it leaves validation to the server.
 */
final class Parameters {
  static final Parameter ALLOW_WATCH_BOOKMARKS =
      Parameter.query(
          "allowWatchBookmarks",
          "boolean",
          "With watch, asks for BOOKMARK events, which carry only a newer resourceVersion.");
  static final Parameter CONTINUE =
      Parameter.query(
          "continue",
          "string",
          "The token from the metadata.continue of the previous page, to read the next one.");
  static final Parameter DRY_RUN =
      Parameter.query(
          "dryRun",
          "string",
          "All: default, validate and answer as usual, but store nothing. No other value is"
              + " accepted.");
  static final Parameter FIELD_MANAGER =
      Parameter.query(
          "fieldManager", "string", "The name of the actor making the change, such as kubectl.");
  static final Parameter FIELD_SELECTOR =
      Parameter.query(
          "fieldSelector",
          "string",
          "Keeps only objects whose fields match, such as metadata.name=x; all when empty.");
  static final Parameter FIELD_VALIDATION =
      Parameter.query(
          "fieldValidation",
          "string",
          "What to do with unknown or duplicate fields in the body: Ignore them, Warn about"
              + " them (the default), or reject the request (Strict).");
  static final Parameter FORCE =
      Parameter.query(
          "force", "boolean", "For apply patches: take fields over from other managers.");
  static final Parameter GRACE_PERIOD_SECONDS =
      Parameter.query(
          "gracePeriodSeconds",
          "integer",
          "Seconds the object may take to terminate; 0 deletes it at once.");
  static final Parameter LABEL_SELECTOR =
      Parameter.query(
          "labelSelector",
          "string",
          "Keeps only objects whose labels match, such as app=web,tier!=cache; all when empty.");
  static final Parameter LIMIT =
      Parameter.query(
          "limit",
          "integer",
          "The most objects to return; when more remain, the list carries a continue token.");
  static final Parameter PRETTY =
      Parameter.query("pretty", "string", "When true, the JSON response is indented.");
  static final Parameter PROPAGATION_POLICY =
      Parameter.query(
          "propagationPolicy",
          "string",
          "What becomes of the object's dependents: Orphan, Background or Foreground.");
  static final Parameter RESOURCE_VERSION =
      Parameter.query(
          "resourceVersion",
          "string",
          "For a list, the version to read at (0: any); for a watch, the version to start after.");
  static final Parameter RESOURCE_VERSION_MATCH =
      Parameter.query(
          "resourceVersionMatch",
          "string",
          "How resourceVersion constrains a list: Exact or NotOlderThan.");
  static final Parameter SEND_INITIAL_EVENTS =
      Parameter.query(
          "sendInitialEvents",
          "boolean",
          "With watch, starts with an ADDED event for every object, then a bookmark.");
  static final Parameter TIMEOUT_SECONDS =
      Parameter.query(
          "timeoutSeconds", "integer", "Ends the list or watch call after this many seconds.");
  static final Parameter WATCH =
      Parameter.query(
          "watch",
          "boolean",
          "Streams the changes (ADDED, MODIFIED, DELETED), one JSON event a line, instead of"
              + " returning a list.");

  static final Parameter NAME = Parameter.path("name", "The name of the object.");
  static final Parameter NAMESPACE =
      Parameter.path("namespace", "The namespace of the objects, such as default.");

  /** Parameters of list and watch calls. */
  static final List<Parameter> LIST =
      List.of(
          ALLOW_WATCH_BOOKMARKS,
          CONTINUE,
          FIELD_SELECTOR,
          LABEL_SELECTOR,
          LIMIT,
          RESOURCE_VERSION,
          RESOURCE_VERSION_MATCH,
          SEND_INITIAL_EVENTS,
          TIMEOUT_SECONDS,
          WATCH);

  /** Parameters of create and replace calls. */
  static final List<Parameter> WRITE = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION);

  /** Parameters of patch calls. */
  static final List<Parameter> PATCH = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE);

  /** Parameters of a delete of one object. */
  static final List<Parameter> DELETE = List.of(DRY_RUN, GRACE_PERIOD_SECONDS, PROPAGATION_POLICY);

  /** Parameters of a delete of every selected object. */
  static final List<Parameter> DELETE_COLLECTION =
      List.of(
          CONTINUE,
          DRY_RUN,
          FIELD_SELECTOR,
          GRACE_PERIOD_SECONDS,
          LABEL_SELECTOR,
          LIMIT,
          PROPAGATION_POLICY,
          RESOURCE_VERSION,
          RESOURCE_VERSION_MATCH,
          SEND_INITIAL_EVENTS,
          TIMEOUT_SECONDS);

  private Parameters() {}
}
