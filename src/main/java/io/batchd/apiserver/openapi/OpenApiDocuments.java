package io.batchd.apiserver.openapi;

import io.batchd.registry.ResourceType;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Status;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every OpenAPI document batchd serves, built once from the resource types and kept as bytes: one
 * v3 document per group version, the v3 discovery root that lists them with their hashes, and the
 * v2 document.
 */
final class OpenApiDocuments {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * A document and its hash: the SHA-512 of its bytes in upper-case hex, as kube-openapi computes
   * it, so that a client's cached hash means the same bytes here as there.
   *
   * @param body the JSON bytes
   * @param hash the hash of {@code body}
   */
  record Document(byte[] body, String hash) {
    static Document of(ObjectNode node) {
      byte[] body = JSON.writeValueAsBytes(node);
      return new Document(body, sha512(body));
    }
  }

  private final Map<String, Document> v3ByGroupVersion;
  private final Document v3Discovery;
  private final Document v2;

  private OpenApiDocuments(
      Map<String, Document> v3ByGroupVersion, Document v3Discovery, Document v2) {
    this.v3ByGroupVersion = v3ByGroupVersion;
    this.v3Discovery = v3Discovery;
    this.v2 = v2;
  }

  /**
   * Builds the documents of {@code types}, reporting {@code kubernetesVersion} as their version.
   *
   * @throws IllegalStateException if a type's model class has no list class beside it
   */
  static OpenApiDocuments build(List<ResourceType<?>> types, String kubernetesVersion) {
    SortedMap<String, List<ResourceType<?>>> byGroupVersion = new TreeMap<>();
    for (ResourceType<?> type : types) {
      byGroupVersion.computeIfAbsent(path(type), k -> new ArrayList<>()).add(type);
    }
    Map<String, Document> v3 = new LinkedHashMap<>();
    byGroupVersion.forEach(
        (groupVersion, served) -> {
          ModelSchemas schemas = new ModelSchemas(SchemaDialect.V3);
          List<ApiPath> paths = describe(served, schemas);
          v3.put(
              groupVersion,
              Document.of(OpenApiV3Writer.write(kubernetesVersion, paths, schemas.definitions())));
        });
    ModelSchemas definitions = new ModelSchemas(SchemaDialect.V2);
    List<ApiPath> allPaths = describe(types, definitions);
    Document v2 =
        Document.of(SwaggerV2Writer.write(kubernetesVersion, allPaths, definitions.definitions()));
    return new OpenApiDocuments(Collections.unmodifiableMap(v3), discovery(v3), v2);
  }

  /** The v3 document of {@code groupVersionPath} ({@code api/v1}, {@code apis/batch/v1}). */
  Optional<Document> v3(String groupVersionPath) {
    return Optional.ofNullable(v3ByGroupVersion.get(groupVersionPath));
  }

  /** {@code /openapi/v3}: each group version's path, pointing at its document by hash. */
  Document v3Discovery() {
    return v3Discovery;
  }

  /** {@code /openapi/v2}. */
  Document v2() {
    return v2;
  }

  /**
   * The URL, relative to the server, at which a client fetches one group version's document: the
   * hash in it lets the client cache the document for good.
   */
  static String serverRelativeUrl(String groupVersionPath, Document document) {
    return "/openapi/v3/" + groupVersionPath + "?hash=" + document.hash();
  }

  /** The path of a type's group version under {@code /openapi/v3/}. */
  static String path(ResourceType<?> type) {
    return type.group().isEmpty()
        ? "api/" + type.version()
        : "apis/" + type.group() + "/" + type.version();
  }

  /**
   * Defines every type's kind and list kind, and the shared kinds its operations use, and returns
   * the types' paths.
   */
  private static List<ApiPath> describe(List<ResourceType<?>> types, ModelSchemas schemas) {
    List<ApiPath> paths = new ArrayList<>();
    List<String> groupVersions = new ArrayList<>();
    for (ResourceType<?> type : types) {
      String kind = schemas.define(type.type());
      schemas.markKind(
          type.type(),
          new Gvk(type.group(), type.version(), type.kind()),
          "A " + type.kind() + " of " + type.apiVersion() + ".");
      Class<?> listClass = listClass(type);
      String list = schemas.define(listClass);
      schemas.markKind(
          listClass,
          new Gvk(type.group(), type.version(), type.kind() + "List"),
          "A list of " + type.kind() + " objects.");
      paths.addAll(new ResourceOperations(type, kind, list).paths());
      if (!groupVersions.contains(type.apiVersion())) {
        groupVersions.add(type.apiVersion());
        // Upstream marks DeleteOptions with every group version that accepts it as a body.
        schemas.markKind(
            DeleteOptions.class,
            new Gvk(type.group(), type.version(), "DeleteOptions"),
            "Options of a delete.");
      }
    }
    schemas.define(Status.class);
    schemas.markKind(
        Status.class,
        new Gvk("", "v1", "Status"),
        "The outcome of a call that returns no object, such as a failure.");
    schemas.defineWellKnown(ResourceOperations.PATCH);
    return paths;
  }

  /** fabric8 names every kind's list class {@code <Kind>List}, in the same package. */
  private static Class<?> listClass(ResourceType<?> type) {
    String name = type.type().getName() + "List";
    try {
      return Class.forName(name, false, type.type().getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("no list class " + name + " for " + type.qualifiedName(), e);
    }
  }

  private static Document discovery(Map<String, Document> v3) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode paths = root.putObject("paths");
    v3.forEach(
        (groupVersion, doc) ->
            paths
                .putObject(groupVersion)
                .put("serverRelativeURL", serverRelativeUrl(groupVersion, doc)));
    return Document.of(root);
  }

  private static String sha512(byte[] bytes) {
    try {
      return HexFormat.of()
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-512", e);
    }
  }
}
