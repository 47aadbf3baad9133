package io.batchd.apiserver.openapi;

import io.batchd.apiserver.openapi.ApiOperation.RequestBody;
import io.batchd.apiserver.openapi.ApiOperation.Response;
import io.batchd.registry.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The paths and operations of one resource type, as kube-apiserver lays them out: the collection
 * (list and watch, create, delete the collection), one object (read, replace, patch, delete), its
 * {@code status} subresource, and for namespaced types the list across all namespaces. Watches are
 * lists with {@code watch=true}; the deprecated {@code /watch/} paths are not served.
 */
final class ResourceOperations {
  static final String STATUS = SchemaNames.META_V1 + "Status";
  static final String DELETE_OPTIONS = SchemaNames.META_V1 + "DeleteOptions";
  static final String PATCH = SchemaNames.META_V1 + "Patch";

  private static final List<String> PATCH_TYPES =
      List.of(
          "application/apply-patch+yaml",
          "application/json-patch+json",
          "application/merge-patch+json",
          "application/strategic-merge-patch+json");
  private static final List<String> ANY_BODY = List.of("*/*");
  private static final List<String> OBJECT_RESPONSES =
      List.of("application/json", "application/yaml");
  private static final List<String> LIST_RESPONSES =
      List.of("application/json", "application/yaml", "application/json;stream=watch");
  private static final Response UNAUTHORIZED = new Response("401", "Unauthorized", null);

  private final ResourceType<?> type;
  private final String kindSchema;
  private final String listSchema;
  private final Gvk gvk;

  /**
   * @param type the resource
   * @param kindSchema the definition name of its kind
   * @param listSchema the definition name of its list kind
   */
  ResourceOperations(ResourceType<?> type, String kindSchema, String listSchema) {
    this.type = type;
    this.kindSchema = kindSchema;
    this.listSchema = listSchema;
    this.gvk = new Gvk(type.group(), type.version(), type.kind());
  }

  /** The paths of the resource, collection first. */
  List<ApiPath> paths() {
    String prefix =
        type.group().isEmpty()
            ? "/api/" + type.version()
            : "/apis/" + type.group() + "/" + type.version();
    String scope = type.namespaced() ? "Namespaced" : "";
    String collection =
        prefix + (type.namespaced() ? "/namespaces/{namespace}/" : "/") + type.resource();
    List<Parameter> scopeParameters = type.namespaced() ? List.of(Parameters.NAMESPACE) : List.of();

    List<ApiPath> paths = new ArrayList<>();
    paths.add(
        new ApiPath(
            collection,
            with(scopeParameters, Parameters.PRETTY),
            List.of(
                list("list" + id(scope, ""), scopeDescription("Lists")),
                create(scope),
                deleteCollection(scope))));
    List<Parameter> objectParameters = new ArrayList<>(List.of(Parameters.NAME));
    objectParameters.addAll(scopeParameters);
    objectParameters.add(Parameters.PRETTY);
    String kind = type.kind();
    paths.add(
        new ApiPath(
            collection + "/{name}",
            objectParameters,
            List.of(
                read(scope, "", "Reads one " + kind + "."),
                replace(scope, "", "Replaces one " + kind + " with the body."),
                patch(scope, "", "Changes part of one " + kind + "; the Content-Type says how."),
                delete(scope))));
    if (type.hasStatus()) {
      paths.add(
          new ApiPath(
              collection + "/{name}/status",
              objectParameters,
              List.of(
                  read(scope, "Status", "Reads one " + kind + " with its status."),
                  replace(scope, "Status", "Replaces the status of one " + kind + "."),
                  patch(
                      scope,
                      "Status",
                      "Changes part of the status of one "
                          + kind
                          + "; the Content-Type says how."))));
    }
    if (type.namespaced()) {
      paths.add(
          new ApiPath(
              prefix + "/" + type.resource(),
              List.of(Parameters.PRETTY),
              List.of(
                  list(
                      "list" + id("", "ForAllNamespaces"),
                      "Lists the " + type.resource() + " of every namespace, or watches them."))));
    }
    return paths;
  }

  private ApiOperation list(String operationId, String description) {
    return new ApiOperation(
        "get",
        operationId,
        "list",
        description,
        gvk,
        Parameters.LIST,
        null,
        List.of(new Response("200", "OK", listSchema), UNAUTHORIZED),
        LIST_RESPONSES);
  }

  private ApiOperation create(String scope) {
    return new ApiOperation(
        "post",
        "create" + id(scope, ""),
        "post",
        "Creates one " + type.kind() + ".",
        gvk,
        Parameters.WRITE,
        new RequestBody(kindSchema, ANY_BODY, true),
        List.of(
            new Response("200", "OK", kindSchema),
            new Response("201", "Created", kindSchema),
            new Response("202", "Accepted", kindSchema),
            UNAUTHORIZED),
        OBJECT_RESPONSES);
  }

  private ApiOperation deleteCollection(String scope) {
    return new ApiOperation(
        "delete",
        "delete" + id("Collection" + scope, ""),
        "deletecollection",
        scopeDescription("Deletes the selected"),
        gvk,
        Parameters.DELETE_COLLECTION,
        new RequestBody(DELETE_OPTIONS, ANY_BODY, false),
        List.of(new Response("200", "OK", STATUS), UNAUTHORIZED),
        OBJECT_RESPONSES);
  }

  private ApiOperation read(String scope, String subresource, String description) {
    return new ApiOperation(
        "get",
        "read" + id(scope, subresource),
        "get",
        description,
        gvk,
        List.of(),
        null,
        List.of(new Response("200", "OK", kindSchema), UNAUTHORIZED),
        OBJECT_RESPONSES);
  }

  private ApiOperation replace(String scope, String subresource, String description) {
    return new ApiOperation(
        "put",
        "replace" + id(scope, subresource),
        "put",
        description,
        gvk,
        Parameters.WRITE,
        new RequestBody(kindSchema, ANY_BODY, true),
        List.of(
            new Response("200", "OK", kindSchema),
            new Response("201", "Created", kindSchema),
            UNAUTHORIZED),
        OBJECT_RESPONSES);
  }

  private ApiOperation patch(String scope, String subresource, String description) {
    return new ApiOperation(
        "patch",
        "patch" + id(scope, subresource),
        "patch",
        description,
        gvk,
        Parameters.PATCH,
        new RequestBody(PATCH, PATCH_TYPES, true),
        List.of(
            new Response("200", "OK", kindSchema),
            new Response("201", "Created", kindSchema),
            UNAUTHORIZED),
        OBJECT_RESPONSES);
  }

  private ApiOperation delete(String scope) {
    return new ApiOperation(
        "delete",
        "delete" + id(scope, ""),
        "delete",
        "Deletes one " + type.kind() + ".",
        gvk,
        Parameters.DELETE,
        new RequestBody(DELETE_OPTIONS, ANY_BODY, false),
        List.of(
            new Response("200", "OK", STATUS),
            new Response("202", "Accepted", STATUS),
            UNAUTHORIZED),
        OBJECT_RESPONSES);
  }

  /** {@code BatchV1NamespacedJob}, {@code CoreV1Namespace}, then {@code suffix}. */
  private String id(String scope, String suffix) {
    return groupVersionId(type.group(), type.version()) + scope + type.kind() + suffix;
  }

  private String scopeDescription(String verb) {
    return verb
        + " "
        + type.resource()
        + (type.namespaced() ? " of a namespace" : "")
        + (verb.equals("Lists") ? ", or watches them with watch=true." : ".");
  }

  private static List<Parameter> with(List<Parameter> first, Parameter last) {
    List<Parameter> all = new ArrayList<>(first);
    all.add(last);
    return all;
  }

  /**
   * Upstream's spelling of a group version inside operation ids: {@code CoreV1}, {@code BatchV1},
   * {@code CoordinationV1} for {@code coordination.k8s.io}, {@code RbacAuthorizationV1}.
   */
  static String groupVersionId(String group, String version) {
    StringBuilder id = new StringBuilder();
    for (String part : groupWords(group)) {
      id.append(capitalize(part));
    }
    return id.append(capitalize(version)).toString();
  }

  /** Upstream's tag for the operations of a group version: {@code core_v1}, {@code batch_v1}. */
  static String tag(String group, String version) {
    StringBuilder tag = new StringBuilder();
    for (String part : groupWords(group)) {
      tag.append(tag.isEmpty() ? part : capitalize(part));
    }
    return tag.append('_').append(version).toString();
  }

  /** The words of a group name, without the {@code .k8s.io} suffix: {@code rbac, authorization}. */
  private static String[] groupWords(String group) {
    String name = group.isEmpty() ? "core" : group.replaceFirst("\\.k8s\\.io$", "");
    return name.split("[.-]");
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }
}
