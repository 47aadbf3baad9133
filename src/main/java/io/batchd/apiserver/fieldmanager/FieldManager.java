package io.batchd.apiserver.fieldmanager;

import io.batchd.api.errors.StatusException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps {@code metadata.managedFields} of one resource type and carries out server-side apply, as
 * kube-apiserver's field manager does: every create, update and patch records what its manager
 * changed ({@code Update} entries); an apply merges the applied configuration into the object,
 * removes what the applier stopped applying, records the applier's fields ({@code Apply} entries)
 * and refuses to change fields other managers own unless forced.
 *
 * <p>Objects are JSON trees in the served version. The type's {@code status} (for the main
 * resource) or {@code spec} (for {@code /status}) is never owned by a write that the strategy
 * resets, as upstream's reset fields say.
 */
public final class FieldManager {
  /** Upstream keeps at most this many Update entries and merges the oldest beyond it. */
  static final int MAX_UPDATE_MANAGERS = 10;

  private static final String CURRENT_OPERATION = "current-operation";
  private static final String BEFORE_FIRST_APPLY = "before-first-apply";
  private static final String ANCIENT_CHANGES = "ancient-changes";

  /** Fields no manager owns, as upstream's strip-meta step drops them. */
  private static final FieldSet STRIPPED =
      FieldSet.of(
          FieldPath.of("apiVersion"),
          FieldPath.of("kind"),
          FieldPath.of("metadata"),
          FieldPath.of("metadata", "name"),
          FieldPath.of("metadata", "namespace"),
          FieldPath.of("metadata", "creationTimestamp"),
          FieldPath.of("metadata", "selfLink"),
          FieldPath.of("metadata", "uid"),
          FieldPath.of("metadata", "clusterName"),
          FieldPath.of("metadata", "generation"),
          FieldPath.of("metadata", "managedFields"),
          FieldPath.of("metadata", "resourceVersion"));

  private final TypeSchema schema;
  private final String apiVersion;
  private final String kind;
  private final ObjectNode zero;
  private final boolean hasStatus;
  private final Clock clock;

  /**
   * @param type the model class, whose OpenAPI schema gives the merge rules
   * @param apiVersion the served version ({@code batch/v1})
   * @param kind the kind ({@code Job})
   * @param hasStatus whether the type has a status subresource, whose fields the main resource does
   *     not own (and the reverse)
   */
  public FieldManager(
      Class<?> type, String apiVersion, String kind, boolean hasStatus, Clock clock) {
    this.schema = TypeSchemas.of(type);
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.zero = ZeroObjects.of(type, schema);
    this.hasStatus = hasStatus;
    this.clock = clock;
  }

  /** Where the write goes: the main resource or the {@code status} subresource. */
  public enum Target {
    MAIN(null),
    STATUS("status");

    private final String subresource;

    Target(String subresource) {
      this.subresource = subresource;
    }
  }

  // --- update: create, update and non-apply patches ---

  /**
   * Records in {@code updated}'s {@code managedFields} what {@code manager} changed from {@code
   * live} (null for a create). The managed fields the client sent are kept if they decode (a client
   * may edit them, or reset them with an empty list); otherwise the live object's are used. Writes
   * to an object that has no managed fields do not start tracking, as upstream.
   *
   * @return {@code updated}, changed in place
   */
  public ObjectNode update(ObjectNode live, ObjectNode updated, String manager, Target target) {
    ManagedFields managed = managedForUpdate(live, updated, target);
    ObjectNode liveObject = withoutManagedFields(live == null ? zero : live);
    removeManagedFields(updated);
    if (managed.isEmpty() && live != null) {
      return updated;
    }
    managed = recordUpdate(liveObject, updated, managed, manager, target);
    setManagedFields(updated, capUpdateManagers(managed));
    return updated;
  }

  private ManagedFields managedForUpdate(ObjectNode live, ObjectNode updated, Target target) {
    if (target == Target.MAIN) {
      JsonNode sent = updated.path("metadata").get("managedFields");
      if (ManagedFields.isReset(sent)) {
        return ManagedFields.empty();
      }
      try {
        ManagedFields fromRequest = ManagedFields.decode(sent);
        if (!fromRequest.isEmpty()) {
          return fromRequest;
        }
      } catch (IllegalArgumentException e) {
        // Garbage from the client: keep what the live object says, as upstream does.
      }
    }
    return liveManaged(live);
  }

  private static ManagedFields liveManaged(ObjectNode live) {
    if (live == null) {
      return ManagedFields.empty();
    }
    try {
      return ManagedFields.decode(live.path("metadata").get("managedFields"));
    } catch (IllegalArgumentException e) {
      return ManagedFields.empty();
    }
  }

  /** The update workflow: other managers lose what changed; the manager gains it. */
  private ManagedFields recordUpdate(
      ObjectNode live, ObjectNode updated, ManagedFields managed, String manager, Target target) {
    FieldSet ignored = resetFields(target);
    TypedValues.Comparison compare = TypedValues.compare(schema, live, updated).without(ignored);
    ManagedFields out = managed.copy();
    takeFromOthers(out, compare, null);
    FieldSet gained =
        compare.modified().union(compare.added()).recursiveDifference(ignored).difference(STRIPPED);
    stripAll(out);
    if (!gained.isEmpty()) {
      ManagerKey key = ManagerKey.update(manager, apiVersion, target.subresource);
      ManagedFields.Entry previous = out.entries().get(key);
      FieldSet fields = previous == null ? gained : previous.fields().union(gained);
      out.entries().put(key, new ManagedFields.Entry(fields, apiVersion, now()));
    }
    return out;
  }

  /** Managers other than {@code self} lose the fields that changed and those that were removed. */
  private static void takeFromOthers(
      ManagedFields managed, TypedValues.Comparison compare, ManagerKey self) {
    FieldSet changed = compare.modified().union(compare.added());
    for (Map.Entry<ManagerKey, ManagedFields.Entry> e : List.copyOf(managed.entries().entrySet())) {
      if (e.getKey().equals(self)) {
        continue;
      }
      FieldSet kept = e.getValue().fields().difference(changed).difference(compare.removed());
      if (kept.isEmpty()) {
        managed.entries().remove(e.getKey());
      } else {
        managed.entries().put(e.getKey(), e.getValue().withFields(kept));
      }
    }
  }

  private static void stripAll(ManagedFields managed) {
    for (Map.Entry<ManagerKey, ManagedFields.Entry> e : List.copyOf(managed.entries().entrySet())) {
      FieldSet kept = e.getValue().fields().difference(STRIPPED);
      if (kept.isEmpty()) {
        managed.entries().remove(e.getKey());
      } else {
        managed.entries().put(e.getKey(), e.getValue().withFields(kept));
      }
    }
  }

  /** Beyond {@link #MAX_UPDATE_MANAGERS}, the oldest Update entries merge into one per version. */
  private static ManagedFields capUpdateManagers(ManagedFields managed) {
    List<ManagerKey> updaters = new ArrayList<>();
    managed.entries().keySet().stream().filter(k -> !k.applies()).forEach(updaters::add);
    if (updaters.size() <= MAX_UPDATE_MANAGERS) {
      return managed;
    }
    updaters.sort(
        Comparator.<ManagerKey>comparingLong(
                k -> {
                  Instant t = managed.entries().get(k).time();
                  return t == null ? 0 : t.getEpochSecond();
                })
            .thenComparing(ManagerKey::identifier));
    Map<String, ManagerKey> firstOfVersion = new HashMap<>();
    int remaining = updaters.size();
    for (int i = 0; i < updaters.size() && remaining > MAX_UPDATE_MANAGERS; i++) {
      ManagerKey key = updaters.get(i);
      ManagedFields.Entry entry = managed.entries().get(key);
      String version = entry.apiVersion();
      ManagerKey bucket = ManagerKey.update(ANCIENT_CHANGES, version, null);
      ManagerKey first = firstOfVersion.get(version);
      if (first == null) {
        firstOfVersion.put(version, key);
        continue;
      }
      if (!managed.entries().containsKey(bucket)) {
        managed.entries().put(bucket, managed.entries().remove(first));
      }
      FieldSet merged = entry.fields().union(managed.entries().get(bucket).fields());
      managed.entries().remove(key);
      managed.entries().put(bucket, new ManagedFields.Entry(merged, version, entry.time()));
      remaining--;
    }
    return managed;
  }

  // --- apply ---

  /** The outcome of an apply: the merged object, and whether it differs from the live one. */
  public record Applied(ObjectNode object, boolean changed) {}

  /**
   * Applies {@code config} for {@code manager}: merges it into {@code live} (null when the object
   * does not exist yet), removes the fields the manager applied last time and no longer does unless
   * someone else owns them, and records the manager's fields.
   *
   * @throws StatusException 400 for a configuration of another kind or version, with managedFields,
   *     or not fitting the schema; 409 Conflict for changes to fields other managers own, unless
   *     {@code force}
   */
  public Applied apply(
      ObjectNode live, ObjectNode config, String manager, boolean force, Target target) {
    Applied applied;
    try {
      applied = applyOnce(live, config, manager, force, target);
    } catch (Conflict.Found found) {
      List<Conflict> remaining = found.conflicts();
      if (manager.equals(LastAppliedAnnotation.KUBECTL) && live != null) {
        // kubectl moving from client-side to server-side apply may take over what its
        // annotation says it applied.
        FieldSet allowed = LastAppliedAnnotation.appliedFields(schema, apiVersion, live);
        if (allowed != null) {
          remaining = remaining.stream().filter(c -> !allowed.has(c.path())).toList();
        }
      }
      if (!remaining.isEmpty()) {
        throw Conflict.error(remaining);
      }
      applied = applyOnce(live, config, manager, true, target);
    }
    if (manager.equals(LastAppliedAnnotation.KUBECTL)
        && LastAppliedAnnotation.present(applied.object())) {
      LastAppliedAnnotation.set(applied.object(), config);
    }
    return applied;
  }

  private Applied applyOnce(
      ObjectNode live, ObjectNode config, String manager, boolean force, Target target) {
    checkKind(config);
    if (config.path("metadata").has("managedFields")) {
      throw StatusException.badRequest("metadata.managedFields must be nil");
    }
    ObjectNode liveObject = withoutManagedFields(live == null ? zero : live);
    ManagedFields managed = liveManaged(live);
    if (managed.isEmpty()) {
      // Fields set before the first apply belong to a manager of their own, so that the applier
      // conflicts with them instead of silently taking them.
      managed = recordUpdate(zero, liveObject, managed, BEFORE_FIRST_APPLY, target);
    }
    FieldSet applied;
    JsonNode merged;
    try {
      applied = TypedValues.toFieldSet(schema, config);
      merged = TypedValues.merge(schema, liveObject, config);
    } catch (TypedValues.SchemaMismatch e) {
      throw StatusException.badRequest(
          "failed to create typed patch object (" + describe(config) + "): " + e.getMessage());
    }
    FieldSet ignored = resetFields(target);
    applied = applied.recursiveDifference(ignored);
    ManagerKey self = ManagerKey.apply(manager, target.subresource);
    ManagedFields.Entry last = managed.entries().get(self);
    ManagedFields out = managed.copy();
    out.entries()
        .put(self, new ManagedFields.Entry(applied, apiVersion, last == null ? null : last.time()));
    if (last != null && !last.fields().isEmpty()) {
      merged = prune(merged, out, last.fields());
    }
    TypedValues.Comparison compare =
        TypedValues.compare(schema, liveObject, merged).without(ignored);
    if (!force) {
      checkConflicts(out, compare, self);
    }
    takeFromOthers(out, compare, self);
    stripAll(out);
    boolean changed = !JsonValues.equal(liveObject, merged);
    if (changed && out.entries().containsKey(self)) {
      out.entries().put(self, out.entries().get(self).withTime(now()));
    }
    ObjectNode result = changed ? (ObjectNode) merged : liveObject.deepCopy();
    setManagedFields(result, capUpdateManagers(out));
    return new Applied(result, changed);
  }

  private void checkKind(ObjectNode config) {
    String gotVersion = config.path("apiVersion").asString("");
    String gotKind = config.path("kind").asString("");
    if (!gotVersion.equals(apiVersion) || !gotKind.equals(kind)) {
      throw StatusException.badRequest("invalid object type: " + gvk(gotVersion, gotKind));
    }
  }

  /** Go's {@code GroupVersionKind.String()}: {@code batch/v1, Kind=Job}, {@code /v1, Kind=Pod}. */
  private static String gvk(String apiVersion, String kind) {
    String groupVersion = apiVersion.contains("/") ? apiVersion : "/" + apiVersion;
    return groupVersion + ", Kind=" + kind;
  }

  private String describe(ObjectNode config) {
    JsonNode meta = config.path("metadata");
    String namespace = meta.path("namespace").asString("");
    String name = meta.path("name").asString("");
    return (namespace.isEmpty() ? "" : namespace) + "/" + name + "; " + gvk(apiVersion, kind);
  }

  /**
   * Removes what the applier owned in its last apply and no longer applies, unless another manager
   * (or the new configuration) owns it: structured-merge-diff's prune, add-back-owned and
   * add-back-dangling steps in one version.
   */
  private JsonNode prune(JsonNode merged, ManagedFields managed, FieldSet lastApplied) {
    FieldSet last = TypedValues.withNamedFieldsAsMembers(schema, lastApplied);
    FieldSet mergedSet = named(TypedValues.toFieldSet(schema, merged));
    JsonNode pruned = TypedValues.removeItems(schema, merged, last);
    FieldSet owned = FieldSet.empty();
    for (ManagedFields.Entry e : managed.entries().values()) {
      owned = owned.union(e.fields());
    }
    owned = TypedValues.withNamedFieldsAsMembers(schema, owned);
    FieldSet prunedSet = named(TypedValues.toFieldSet(schema, pruned));
    pruned = TypedValues.removeItems(schema, merged, mergedSet.difference(prunedSet.union(owned)));
    prunedSet = named(TypedValues.toFieldSet(schema, pruned));
    return TypedValues.removeItems(
        schema, merged, mergedSet.difference(prunedSet).intersection(last));
  }

  private FieldSet named(FieldSet set) {
    return TypedValues.withNamedFieldsAsMembers(schema, set);
  }

  private static void checkConflicts(
      ManagedFields managed, TypedValues.Comparison compare, ManagerKey self) {
    FieldSet changed = compare.modified().union(compare.added());
    List<ManagerKey> owners = new ArrayList<>(managed.entries().keySet());
    owners.sort(Comparator.comparing(ManagerKey::identifier));
    List<Conflict> conflicts = new ArrayList<>();
    for (ManagerKey owner : owners) {
      if (owner.equals(self)) {
        continue;
      }
      managed
          .entries()
          .get(owner)
          .fields()
          .intersection(changed)
          .forEach(path -> conflicts.add(new Conflict(owner, path)));
    }
    if (!conflicts.isEmpty()) {
      throw new Conflict.Found(conflicts);
    }
  }

  // --- helpers ---

  private FieldSet resetFields(Target target) {
    if (!hasStatus) {
      return FieldSet.empty();
    }
    return FieldSet.of(FieldPath.of(target == Target.MAIN ? "status" : "spec"));
  }

  private static ObjectNode withoutManagedFields(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    removeManagedFields(copy);
    return copy;
  }

  private static void removeManagedFields(ObjectNode object) {
    if (object.path("metadata") instanceof ObjectNode meta) {
      meta.remove("managedFields");
    }
  }

  private static void setManagedFields(ObjectNode object, ManagedFields managed) {
    JsonNode encoded = managed.encode();
    if (encoded == null) {
      removeManagedFields(object);
      return;
    }
    ObjectNode meta =
        object.path("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
    meta.set("managedFields", encoded);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }
}
