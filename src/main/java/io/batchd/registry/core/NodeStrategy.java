package io.batchd.registry.core;

import io.batchd.api.errors.FieldError;
import io.batchd.registry.ResourceType;
import io.batchd.registry.Strategy;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of core/v1 Nodes, as upstream's node strategy holds them: a node may be created with
 * its status (the agent registers that way); updates of the main resource keep the status and
 * {@code /status} keeps the spec; {@code spec.unschedulable} is offered to field selectors.
 */
public final class NodeStrategy implements Strategy<Node> {
  public static final ResourceType<Node> NODES =
      new ResourceType<>(
          "",
          "v1",
          "nodes",
          "node",
          "Node",
          false,
          List.of("no"),
          List.of(),
          List.of("status"),
          Node.class);

  @Override
  public void applyDefaults(Node node) {
    if (node.getSpec() == null) {
      node.setSpec(new NodeSpec());
    }
    if (node.getStatus() == null) {
      node.setStatus(new NodeStatus());
    }
    // SetDefaults_NodeStatus: what can be allocated defaults to the capacity. The model cannot
    // tell an absent map from an empty one, so an empty allocatable counts as absent.
    Map<String, Quantity> capacity = node.getStatus().getCapacity();
    Map<String, Quantity> allocatable = node.getStatus().getAllocatable();
    if ((allocatable == null || allocatable.isEmpty()) && capacity != null && !capacity.isEmpty()) {
      node.getStatus().setAllocatable(new LinkedHashMap<>(capacity));
    }
  }

  @Override
  public List<FieldError> validateCreate(Node node) {
    return NodeValidation.validate(node);
  }

  @Override
  public void prepareForUpdate(Node node, Node old) {
    node.setStatus(old.getStatus());
  }

  @Override
  public List<FieldError> validateUpdate(Node node, Node old) {
    List<FieldError> errors = new java.util.ArrayList<>(NodeValidation.validate(node));
    errors.addAll(NodeValidation.validateUpdate(node, old));
    return errors;
  }

  @Override
  public void prepareForStatusUpdate(Node node, Node old) {
    node.setSpec(old.getSpec());
  }

  @Override
  public List<FieldError> validateStatusUpdate(Node node, Node old) {
    return NodeValidation.validateUpdate(node, old);
  }

  @Override
  public Set<String> selectableFieldNames() {
    return Set.of("spec.unschedulable");
  }

  @Override
  public Map<String, String> selectableFields(Node node) {
    return Map.of(
        "spec.unschedulable",
        Boolean.toString(
            node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())));
  }
}
