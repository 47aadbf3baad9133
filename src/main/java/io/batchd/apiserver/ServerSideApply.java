package io.batchd.apiserver;

import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.StatusException;
import io.batchd.apiserver.fieldmanager.FieldManager;
import io.batchd.registry.Registry;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A PATCH with {@code application/apply-patch+yaml}: the body (YAML or JSON) is the manager's whole
 * configuration of the object. It is merged into the current object by the type's {@link
 * FieldManager}, or, when the object does not exist and the main resource is addressed, becomes a
 * new object (201), as kube-apiserver's apply patcher does.
 */
final class ServerSideApply<T extends HasMetadata> {
  private final Registry<T> registry;
  private final ManagedWrites<T> managed;

  ServerSideApply(Registry<T> registry, ManagedWrites<T> managed) {
    this.registry = registry;
    this.managed = managed;
  }

  /** The written object, and whether the apply created it. */
  record Outcome<T>(Registry.Created<T> result, boolean created) {}

  Outcome<T> apply(
      String namespace,
      String name,
      byte[] body,
      String manager,
      boolean force,
      Registry.Subresource subresource,
      FieldValidation validation,
      List<String> warnings,
      boolean dryRun) {
    ObjectNode config = parse(body, validation, warnings);
    FieldManager.Target target = ManagedWrites.target(subresource);
    boolean conditional = config.path("metadata").path("resourceVersion").isString();
    for (int attempt = 0; ; attempt++) {
      try {
        Registry.Created<T> updated =
            registry.mutate(
                namespace,
                name,
                current -> {
                  FieldManager.Applied applied =
                      managed
                          .fieldManager()
                          .apply(Codecs.JSON.valueToTree(current), config, manager, force, target);
                  T object = toObject(applied.object(), validation, warnings);
                  if (!conditional) {
                    // The version came from the current object, not from the configuration.
                    object.getMetadata().setResourceVersion(null);
                  }
                  return object;
                },
                subresource,
                dryRun);
        return new Outcome<>(updated, false);
      } catch (StatusException e) {
        if (e.code() != 404 || subresource != Registry.Subresource.MAIN || attempt > 0) {
          throw e;
        }
      }
      try {
        return new Outcome<>(
            create(namespace, name, config, manager, validation, warnings, dryRun), true);
      } catch (StatusException e) {
        if (e.code() != 409 || !"AlreadyExists".equals(e.reason())) {
          throw e;
        }
        // Created by someone else in between: apply to what they created.
      }
    }
  }

  private Registry.Created<T> create(
      String namespace,
      String name,
      ObjectNode config,
      String manager,
      FieldValidation validation,
      List<String> warnings,
      boolean dryRun) {
    FieldManager.Applied applied =
        managed.fieldManager().apply(null, config, manager, false, FieldManager.Target.MAIN);
    T object = toObject(applied.object(), validation, warnings);
    String bodyName = object.getMetadata() == null ? null : object.getMetadata().getName();
    if (!name.equals(bodyName)) {
      throw StatusException.badRequest(
          "the name of the object ("
              + (bodyName == null ? "" : bodyName)
              + ") does not match the name on the URL ("
              + name
              + ")");
    }
    return registry.create(namespace, object, dryRun);
  }

  private T toObject(JsonNode tree, FieldValidation validation, List<String> warnings) {
    T object = BodyDecoder.toObject(tree, null, registry.type(), validation, warnings);
    // Upstream defaults the merged object: defaults belong to no manager.
    registry.strategy().applyDefaults(object);
    return object;
  }

  /** The configuration: a YAML or JSON object; duplicate fields as field validation says. */
  private ObjectNode parse(byte[] body, FieldValidation validation, List<String> warnings) {
    JsonNode tree;
    try {
      tree = body.length == 0 ? null : Codecs.YAML.readTree(body);
    } catch (JacksonException e) {
      throw StatusException.badRequest("error decoding YAML: " + e.getOriginalMessage());
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      tree = Codecs.JSON.createObjectNode();
    }
    if (!tree.isObject()) {
      throw StatusException.badRequest(
          "error decoding YAML: the configuration must be an object, not "
              + tree.getNodeType().name().toLowerCase());
    }
    if (validation != FieldValidation.IGNORE && looksLikeJson(body)) {
      List<String> duplicates = new ArrayList<>();
      try {
        duplicates.addAll(FieldValidation.duplicateFields(Codecs.JSON, body));
      } catch (JacksonException e) {
        // YAML that merely starts like JSON: it parsed above, so there is nothing to report.
      }
      if (!duplicates.isEmpty()) {
        if (validation == FieldValidation.STRICT) {
          throw StatusException.badRequest(
              "error strict decoding YAML: " + String.join(", ", duplicates));
        }
        warnings.addAll(duplicates);
      }
    }
    return (ObjectNode) tree;
  }

  private static boolean looksLikeJson(byte[] body) {
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return b == '{';
      }
    }
    return false;
  }
}
