package io.batchd.api.codec.protobuf;

import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.StatusException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decodes Kubernetes protobuf request bodies ({@code application/vnd.kubernetes.protobuf}) into the
 * JSON object the same client would have sent as JSON, so that the rest of the server handles both
 * alike. {@code kubectl create job} and {@code kubectl create namespace} send protobuf and do not
 * fall back to JSON.
 *
 * <p>The JSON follows Go's encoding of the decoded Go value: value fields that are zero are
 * omitted, pointer fields keep explicit zeros, empty lists and maps are omitted, nested structs are
 * written even when empty ({@code "status": {}}), and the zero time is {@code null}. A body from
 * {@code kubectl create job pi --image=busybox -- echo hi} decodes to exactly what {@code --dry-run
 * -o json} prints.
 *
 * <p>Supported: {@code batch/v1} Job and CronJob, {@code v1} Namespace and Binding, {@code
 * policy/v1} Eviction, and DeleteOptions (in {@code meta.k8s.io/v1}, {@code v1} and {@code
 * batch/v1}).
 */
public final class KubernetesProtobuf {
  /** The media type of bodies this class decodes. */
  public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

  private static final Map<String, MessageSchema> KINDS =
      Map.of(
          key("batch/v1", "Job"), BatchV1Schemas.JOB,
          key("batch/v1", "CronJob"), BatchV1Schemas.CRON_JOB,
          key("v1", "Namespace"), CoreV1Schemas.NAMESPACE,
          key("v1", "Binding"), CoreV1Schemas.BINDING,
          key("policy/v1", "Eviction"), MetaV1Schemas.EVICTION,
          key("meta.k8s.io/v1", "DeleteOptions"), MetaV1Schemas.DELETE_OPTIONS,
          key("v1", "DeleteOptions"), MetaV1Schemas.DELETE_OPTIONS,
          key("batch/v1", "DeleteOptions"), MetaV1Schemas.DELETE_OPTIONS);

  /**
   * A decoded body.
   *
   * @param apiVersion the apiVersion from the envelope, e.g. {@code batch/v1}
   * @param kind the kind from the envelope, e.g. {@code Job}
   * @param object the object as JSON, with {@code apiVersion} and {@code kind} set
   * @param skippedFields fields left out of {@code object}, each as {@code "<json path>: <why>"},
   *     e.g. {@code "spec.template.spec.containers[0]: unknown field number 99 of Container"}.
   *     These are for warnings only: kube-apiserver drops unknown protobuf fields silently, so they
   *     must not fail a request under {@code fieldValidation=Strict}.
   */
  public record Decoded(
      String apiVersion, String kind, ObjectNode object, List<String> skippedFields) {
    public Decoded {
      skippedFields = List.copyOf(skippedFields);
    }
  }

  private KubernetesProtobuf() {}

  /** Whether {@link #decode} handles objects of this apiVersion and kind. */
  public static boolean supports(String apiVersion, String kind) {
    return KINDS.containsKey(key(apiVersion, kind));
  }

  /**
   * Decodes one protobuf body.
   *
   * @throws StatusException 400 BadRequest for a body that is empty, lacks the {@code k8s\0}
   *     prefix, is truncated or malformed, or has no apiVersion or kind; 415 UnsupportedMediaType
   *     for a kind this decoder does not cover or an encoded (compressed) payload
   */
  public static Decoded decode(byte[] body) {
    Objects.requireNonNull(body, "body");
    UnknownEnvelope envelope;
    try {
      envelope = UnknownEnvelope.parse(body);
    } catch (MalformedProtobufException e) {
      throw StatusException.badRequest(
          "the protobuf envelope (runtime.Unknown) is malformed: " + e.getMessage());
    }
    String apiVersion = envelope.apiVersion();
    String kind = envelope.kind();
    if (kind.isEmpty()) {
      throw StatusException.badRequest("Object 'Kind' is missing in the protobuf body");
    }
    if (apiVersion.isEmpty()) {
      throw StatusException.badRequest("Object 'apiVersion' is missing in the protobuf body");
    }
    if (!envelope.contentEncoding().isEmpty()) {
      throw unsupported(
          "the protobuf payload has contentEncoding \""
              + envelope.contentEncoding()
              + "\"; only unencoded payloads are accepted");
    }
    if (!envelope.contentType().isEmpty() && !envelope.contentType().equals(MEDIA_TYPE)) {
      throw unsupported(
          "the protobuf envelope holds a payload of type \""
              + envelope.contentType()
              + "\"; send it as that media type instead");
    }
    MessageSchema schema = KINDS.get(key(apiVersion, kind));
    if (schema == null) {
      throw unsupported(
          kind
              + " in version \""
              + apiVersion
              + "\" cannot be decoded from protobuf by this server (it decodes "
              + String.join(", ", new TreeSet<>(KINDS.keySet()))
              + "); send it as application/json");
    }
    ObjectNode object = Codecs.JSON.createObjectNode();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    SchemaDecoder decoder = new SchemaDecoder();
    try {
      decoder.decodeInto(envelope.raw(), schema, object, "");
    } catch (MalformedProtobufException e) {
      String where = e.path() == null || e.path().isEmpty() ? "" : " at " + e.path();
      throw StatusException.badRequest(
          kind
              + " in version \""
              + apiVersion
              + "\" cannot be decoded from protobuf"
              + where
              + ": "
              + e.getMessage());
    }
    return new Decoded(apiVersion, kind, object, decoder.skipped());
  }

  /** A 415 worded like {@link StatusException#unsupportedMediaType()}, with the reason added. */
  private static StatusException unsupported(String why) {
    return new StatusException(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - " + why,
        null);
  }

  private static String key(String apiVersion, String kind) {
    return apiVersion + " " + kind;
  }
}
