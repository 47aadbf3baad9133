package io.batchd.apiserver.openapi;

import io.batchd.apiserver.openapi.ApiOperation.Response;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Writes one group version's paths and definitions as an OpenAPI 3.0 document. */
final class OpenApiV3Writer {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private OpenApiV3Writer() {}

  /**
   * The document, with {@code info.version} set to {@code kubernetesVersion}. Paths are sorted, so
   * that the same inputs give the same bytes and the same hash on every start.
   */
  static ObjectNode write(
      String kubernetesVersion, List<ApiPath> paths, SortedMap<String, ObjectNode> schemas) {
    ObjectNode doc = NODES.objectNode();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", kubernetesVersion);
    ObjectNode pathsNode = doc.putObject("paths");
    paths.stream()
        .sorted(Comparator.comparing(ApiPath::path))
        .forEach(path -> pathsNode.set(path.path(), pathItem(path)));
    ObjectNode components = doc.putObject("components");
    components.putObject("schemas").setAll(schemas);
    components
        .putObject("securitySchemes")
        .putObject("BearerToken")
        .put("description", "A bearer token: Authorization: Bearer <token>.")
        .put("in", "header")
        .put("name", "authorization")
        .put("type", "apiKey");
    doc.putArray("security").addObject().putArray("BearerToken");
    return doc;
  }

  private static ObjectNode pathItem(ApiPath path) {
    ObjectNode item = NODES.objectNode();
    for (ApiOperation operation : path.operations()) {
      item.set(operation.method(), operation(operation));
    }
    ArrayNode parameters = item.putArray("parameters");
    path.parameters().forEach(p -> parameters.add(p.toNode(SchemaDialect.V3)));
    return item;
  }

  private static ObjectNode operation(ApiOperation op) {
    ObjectNode node = NODES.objectNode();
    node.put("description", op.description());
    node.put("operationId", op.operationId());
    if (!op.parameters().isEmpty()) {
      ArrayNode parameters = node.putArray("parameters");
      // kubectl looks for fieldValidation among the parameters of the PATCH operation itself, not
      // among the path's shared ones.
      op.parameters().forEach(p -> parameters.add(p.toNode(SchemaDialect.V3)));
    }
    if (op.body() != null) {
      ObjectNode body = node.putObject("requestBody");
      ObjectNode content = body.putObject("content");
      for (String type : op.body().contentTypes()) {
        content.putObject(type).set("schema", ref(op.body().schema()));
      }
      body.put("required", op.body().required());
    }
    ObjectNode responses = node.putObject("responses");
    for (Response response : op.responses()) {
      ObjectNode r =
          responses.putObject(response.code()).put("description", response.description());
      if (response.schema() != null) {
        ObjectNode content = r.putObject("content");
        for (String type : op.produces()) {
          content.putObject(type).set("schema", ref(response.schema()));
        }
      }
    }
    node.putArray("tags").add(ResourceOperations.tag(op.gvk().group(), op.gvk().version()));
    node.put("x-kubernetes-action", op.action());
    ObjectNode gvk = node.putObject("x-kubernetes-group-version-kind");
    op.gvk().asMap().forEach(gvk::put);
    return node;
  }

  private static ObjectNode ref(String schema) {
    return NODES.objectNode().put("$ref", SchemaDialect.V3.ref(schema));
  }
}
