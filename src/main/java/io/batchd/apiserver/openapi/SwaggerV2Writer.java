package io.batchd.apiserver.openapi;

import io.batchd.apiserver.openapi.ApiOperation.Response;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Writes every served path and definition as one swagger 2.0 document, {@code /openapi/v2}. */
final class SwaggerV2Writer {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SwaggerV2Writer() {}

  /** The document; paths sorted, as in {@link OpenApiV3Writer}. */
  static ObjectNode write(
      String kubernetesVersion, List<ApiPath> paths, SortedMap<String, ObjectNode> definitions) {
    ObjectNode doc = NODES.objectNode();
    doc.put("swagger", "2.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", kubernetesVersion);
    ObjectNode pathsNode = doc.putObject("paths");
    paths.stream()
        .sorted(Comparator.comparing(ApiPath::path))
        .forEach(path -> pathsNode.set(path.path(), pathItem(path)));
    doc.putObject("definitions").setAll(definitions);
    doc.putObject("securityDefinitions")
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
    path.parameters().forEach(p -> parameters.add(p.toNode(SchemaDialect.V2)));
    return item;
  }

  private static ObjectNode operation(ApiOperation op) {
    ObjectNode node = NODES.objectNode();
    if (op.body() != null) {
      ArrayNode consumes = node.putArray("consumes");
      op.body().contentTypes().forEach(consumes::add);
    }
    node.put("description", op.description());
    node.put("operationId", op.operationId());
    ArrayNode parameters = node.putArray("parameters");
    if (op.body() != null) {
      ObjectNode body = parameters.addObject().put("in", "body").put("name", "body");
      body.put("required", op.body().required());
      body.set("schema", ref(op.body().schema()));
    }
    op.parameters().forEach(p -> parameters.add(p.toNode(SchemaDialect.V2)));
    ArrayNode produces = node.putArray("produces");
    op.produces().forEach(produces::add);
    ObjectNode responses = node.putObject("responses");
    for (Response response : op.responses()) {
      ObjectNode r =
          responses.putObject(response.code()).put("description", response.description());
      if (response.schema() != null) {
        r.set("schema", ref(response.schema()));
      }
    }
    node.putArray("schemes").add("https");
    node.putArray("tags").add(ResourceOperations.tag(op.gvk().group(), op.gvk().version()));
    node.put("x-kubernetes-action", op.action());
    ObjectNode gvk = node.putObject("x-kubernetes-group-version-kind");
    op.gvk().asMap().forEach(gvk::put);
    return node;
  }

  private static ObjectNode ref(String schema) {
    return NODES.objectNode().put("$ref", SchemaDialect.V2.ref(schema));
  }
}
