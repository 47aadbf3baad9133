package io.batchd.apiserver;

import io.batchd.api.codec.Codecs;
import io.batchd.apiserver.fieldmanager.FieldManager;
import io.batchd.registry.Registry;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Clock;
import java.util.List;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps {@code metadata.managedFields} on the writes of one resource. As upstream, the fields a
 * write's manager owns are computed on the object as decoded and defaulted, before the strategy
 * prepares it (so a Job's generated selector belongs to nobody), and the type's {@link
 * FieldManager} is built on the first write, since it reads the whole model schema.
 */
final class ManagedWrites<T extends HasMetadata> {
  private static final TypeReference<List<ManagedFieldsEntry>> ENTRIES = new TypeReference<>() {};

  private final Registry<T> registry;
  private final Clock clock;
  private volatile FieldManager fieldManager;

  ManagedWrites(Registry<T> registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  FieldManager fieldManager() {
    FieldManager f = fieldManager;
    if (f == null) {
      synchronized (this) {
        f = fieldManager;
        if (f == null) {
          var type = registry.type();
          f =
              new FieldManager(
                  type.type(), type.apiVersion(), type.kind(), type.hasStatus(), clock);
          fieldManager = f;
        }
      }
    }
    return f;
  }

  /** Records {@code manager} as the owner of every field a create sets, defaults included. */
  void recordCreate(T object, String manager) {
    registry.strategy().applyDefaults(object);
    ObjectNode tree = Codecs.JSON.valueToTree(object);
    fieldManager().update(null, tree, manager, FieldManager.Target.MAIN);
    setManagedFields(object, tree);
  }

  /**
   * Whether the client's object (its JSON form) asks to drop the managed fields with an empty list,
   * which the model cannot tell from a missing one.
   */
  static boolean asksReset(JsonNode sent) {
    JsonNode list = sent == null ? null : sent.path("metadata").get("managedFields");
    return list != null && list.isArray() && list.isEmpty();
  }

  /**
   * Records what {@code updated} changes from {@code current} for {@code manager}; returns {@code
   * updated} with its managed fields.
   *
   * @param reset whether the client sent an empty managedFields list
   */
  T recordUpdate(
      T current, T updated, String manager, Registry.Subresource subresource, boolean reset) {
    registry.strategy().applyDefaults(updated);
    ObjectNode tree = Codecs.JSON.valueToTree(updated);
    if (reset && tree.path("metadata") instanceof ObjectNode meta) {
      meta.putArray("managedFields");
    }
    fieldManager().update(Codecs.JSON.valueToTree(current), tree, manager, target(subresource));
    setManagedFields(updated, tree);
    return updated;
  }

  /** A PUT: the object replaces the current one, with managed fields recorded against it. */
  Registry.Created<T> update(
      String namespace,
      String name,
      T object,
      String manager,
      Registry.Subresource subresource,
      boolean reset,
      boolean dryRun) {
    // A retried write starts again from the managed fields the client sent.
    List<ManagedFieldsEntry> sent =
        object.getMetadata() == null ? null : object.getMetadata().getManagedFields();
    return registry.mutate(
        namespace,
        name,
        current -> {
          if (object.getMetadata() != null) {
            object.getMetadata().setManagedFields(sent);
          }
          return recordUpdate(current, object, manager, subresource, reset);
        },
        subresource,
        dryRun);
  }

  static FieldManager.Target target(Registry.Subresource subresource) {
    return subresource == Registry.Subresource.STATUS
        ? FieldManager.Target.STATUS
        : FieldManager.Target.MAIN;
  }

  /** Copies the managed fields of {@code tree} onto {@code object}. */
  static void setManagedFields(HasMetadata object, JsonNode tree) {
    if (object.getMetadata() == null) {
      object.setMetadata(new ObjectMeta());
    }
    JsonNode list = tree.path("metadata").get("managedFields");
    object
        .getMetadata()
        .setManagedFields(
            list == null || list.isNull() ? null : Codecs.JSON.convertValue(list, ENTRIES));
  }
}
