package io.batchd.api.cloudrun;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * The envelope every Cloud Run v1 resource shares: Knative-style {@code apiVersion}, {@code kind},
 * Kubernetes object metadata, a spec and a status. It is a {@link HasMetadata} so that the same
 * registries, store and clients serve it as Kubernetes objects.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public abstract class RunResource<S, T> implements HasMetadata {
  public static final String API_VERSION = "run.googleapis.com/v1";
  public static final String GROUP = "run.googleapis.com";

  private String apiVersion = API_VERSION;
  private ObjectMeta metadata;
  private S spec;
  private T status;
  private String declaredKind;

  @Override
  public String getApiVersion() {
    return apiVersion;
  }

  @Override
  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  @Override
  public abstract String getKind();

  /** Records the kind a client sent, for validation; the class decides the kind written. */
  public void setKind(String kind) {
    this.declaredKind = kind;
  }

  /** The kind the client sent, or null. */
  @JsonIgnore
  public String declaredKind() {
    return declaredKind;
  }

  @Override
  public ObjectMeta getMetadata() {
    return metadata;
  }

  @Override
  public void setMetadata(ObjectMeta metadata) {
    this.metadata = metadata;
  }

  public S getSpec() {
    return spec;
  }

  public void setSpec(S spec) {
    this.spec = spec;
  }

  public T getStatus() {
    return status;
  }

  public void setStatus(T status) {
    this.status = status;
  }

  @JsonIgnore
  public String name() {
    return metadata == null ? null : metadata.getName();
  }

  @JsonIgnore
  public String namespace() {
    return metadata == null ? null : metadata.getNamespace();
  }
}
