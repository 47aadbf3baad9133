package io.batchd.apiserver.cloudrun;

import io.batchd.api.cloudrun.RunLabels;
import io.batchd.api.errors.StatusException;
import io.batchd.registry.ListQuery;
import io.batchd.registry.Registry;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * Cloud Run's namespace is a project, named by id or by number. A project is the Kubernetes
 * namespace of the same id, made on first use and labelled with a project number derived from the
 * id, so that requests naming the number reach the same namespace.
 */
final class ProjectNamespaces {
  private final Registry<Namespace> namespaces;

  ProjectNamespaces(Registry<Namespace> namespaces) {
    this.namespaces = namespaces;
  }

  /** The namespace a request's project names: the one labelled with a number, or the id itself. */
  String resolve(String project) {
    if (!project.chars().allMatch(Character::isDigit)) {
      return project;
    }
    return namespaces.list(null, ListQuery.all()).items().stream()
        .filter(ns -> project.equals(labels(ns).get(RunLabels.PROJECT_NUMBER)))
        .map(ns -> ns.getMetadata().getName())
        .findFirst()
        .orElse(project);
  }

  /** Makes the project's namespace if it is missing, before the first object is created in it. */
  void ensure(String namespace) {
    if (namespaces.find(null, namespace).isPresent()) {
      return;
    }
    try {
      namespaces.create(
          null,
          new NamespaceBuilder()
              .withNewMetadata()
              .withName(namespace)
              .addToLabels(RunLabels.PROJECT_NUMBER, numberOf(namespace))
              .endMetadata()
              .build(),
          false);
    } catch (StatusException e) {
      if (e.code() != 409) {
        throw e;
      }
    }
  }

  /** A stable twelve-digit number for a project id, as Google's project numbers look. */
  static String numberOf(String project) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(project.getBytes(StandardCharsets.UTF_8));
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (digest[i] & 0xff);
      }
      return Long.toString(100_000_000_000L + Math.floorMod(value, 900_000_000_000L));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static Map<String, String> labels(Namespace ns) {
    return ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels();
  }
}
