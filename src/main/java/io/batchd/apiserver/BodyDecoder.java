package io.batchd.apiserver;

import io.batchd.api.codec.Codecs;
import io.batchd.api.codec.protobuf.KubernetesProtobuf;
import io.batchd.api.errors.StatusException;
import io.batchd.registry.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.AnnotatedMember;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns request bodies into typed objects. fabric8's model keeps unknown fields in an "additional
 * properties" map; the API must not store them, so this decoder reads with that map switched off
 * and reports each unknown field, with its path, to the {@link FieldValidation} mode.
 */
final class BodyDecoder {
  /** Reads model objects with unknown fields dropped and reported instead of kept. */
  private static final JsonMapper STRICT_READER =
      JsonMapper.builder()
          .annotationIntrospector(
              new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(MapperConfig<?> config, Annotated a) {
                  // managedFields' fieldsV1 holds nothing but "additional properties": its field
                  // paths are data, not unknown fields.
                  if (a instanceof AnnotatedMember m
                      && m.getDeclaringClass() == io.fabric8.kubernetes.api.model.FieldsV1.class) {
                    return super.hasAnySetter(config, a);
                  }
                  return Boolean.FALSE;
                }
              })
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private BodyDecoder() {}

  /**
   * Parses {@code body} by its content type into a JSON tree. Protobuf fields batchd does not
   * decode become warnings: kube-apiserver drops unknown protobuf fields silently.
   */
  static JsonNode readTree(String contentType, byte[] body, List<String> warnings) {
    String base = MediaTypes.base(contentType);
    if (base.equals(MediaTypes.PROTOBUF)) {
      KubernetesProtobuf.Decoded decoded = KubernetesProtobuf.decode(body);
      for (String skipped : decoded.skippedFields()) {
        warnings.add("field not decoded from protobuf: " + skipped);
      }
      return decoded.object();
    }
    try {
      return switch (base) {
        case "", MediaTypes.JSON -> Codecs.JSON.readTree(body);
        case MediaTypes.YAML, "application/x-yaml", "text/yaml" -> Codecs.YAML.readTree(body);
        default -> throw StatusException.unsupportedMediaType();
      };
    } catch (JacksonException e) {
      throw StatusException.badRequest(
          "the request body is not valid "
              + (base.contains("yaml") ? "YAML" : "JSON")
              + ": "
              + e.getOriginalMessage());
    }
  }

  /**
   * Converts a tree into an object of {@code type}, checking its apiVersion and kind and reporting
   * unknown and duplicate fields.
   */
  static <T extends HasMetadata> T toObject(
      JsonNode tree,
      byte[] rawJson,
      ResourceType<T> type,
      FieldValidation validation,
      List<String> warnings) {
    if (!tree.isObject()) {
      throw StatusException.badRequest(
          "the request body must be a JSON or YAML object (a "
              + type.kind()
              + "), not "
              + tree.getNodeType().name().toLowerCase());
    }
    String kind = tree.path("kind").asString("");
    String apiVersion = tree.path("apiVersion").asString("");
    if (!kind.isEmpty() && !kind.equals(type.kind())) {
      throw StatusException.badRequest(
          "the kind in the request body ("
              + kind
              + ") does not match the resource of the URL ("
              + type.kind()
              + ")");
    }
    if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
      throw StatusException.badRequest(
          "the API version in the data ("
              + apiVersion
              + ") does not match the expected API version ("
              + type.apiVersion()
              + ")");
    }
    List<String> problems = new ArrayList<>();
    if (rawJson != null) {
      problems.addAll(FieldValidation.duplicateFields(Codecs.JSON, rawJson));
    }
    T object;
    try {
      object =
          STRICT_READER
              .readerFor(type.type())
              .withHandler(new UnknownFieldCollector(problems))
              .readValue(tree);
    } catch (JacksonException e) {
      String path = KubernetesPaths.fromPointer(pointerOf(e));
      throw StatusException.badRequest(
          type.kind()
              + " in version \""
              + type.version()
              + "\" cannot be handled as a "
              + type.kind()
              + ": "
              + (path.isEmpty() ? "" : path + ": ")
              + e.getOriginalMessage());
    }
    validation.report(problems, warnings, type.kind(), type.version());
    return object;
  }

  private static String pointerOf(JacksonException e) {
    StringBuilder pointer = new StringBuilder();
    for (JacksonException.Reference ref : e.getPath()) {
      pointer.append('/');
      pointer.append(ref.getPropertyName() != null ? ref.getPropertyName() : ref.getIndex());
    }
    return pointer.toString();
  }

  /** Records each unknown property with its path and skips its value. */
  private static final class UnknownFieldCollector extends DeserializationProblemHandler {
    private final List<String> problems;

    UnknownFieldCollector(List<String> problems) {
      this.problems = problems;
    }

    @Override
    public boolean handleUnknownProperty(
        DeserializationContext ctxt,
        JsonParser p,
        ValueDeserializer<?> deserializer,
        Object beanOrClass,
        String propertyName) {
      problems.add("unknown field \"" + KubernetesPaths.fieldPath(p, propertyName) + "\"");
      p.skipChildren();
      return true;
    }
  }
}
