package io.batchd.apiserver.fieldmanager;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The object a create is compared with to find the fields its manager sets: upstream compares with
 * the zero value of the Go type, whose non-pointer structs ({@code metadata}, {@code spec}, {@code
 * status}, a Job's pod {@code template}) are present though empty and whose non-omitted lists
 * ({@code containers}) are null. Fields present in the zero value are not "added" by a create, so
 * the creator's entry does not list them as members ({@code f:spec} has no {@code .}), which keeps
 * batchd's {@code fieldsV1} identical to upstream's.
 */
final class ZeroObjects {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ZeroObjects() {}

  static ObjectNode of(Class<?> type, TypeSchema schema) {
    ObjectNode zero = NODES.objectNode();
    zero.putObject("metadata");
    if (schema.field("spec") != null) {
      ObjectNode spec = zero.putObject("spec");
      if (type == Job.class) {
        podTemplate(spec.putObject("template"));
      } else if (type == Pod.class) {
        spec.putNull("containers");
      }
    }
    if (schema.field("status") != null) {
      zero.putObject("status");
    }
    return zero;
  }

  private static void podTemplate(ObjectNode template) {
    template.putObject("metadata");
    template.putObject("spec").putNull("containers");
  }
}
