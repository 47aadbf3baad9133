package io.batchd.registry.core.podspec;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.List;

/**
 * The defaults kube-apiserver gives a pod template ({@code pkg/apis/core/v1/defaults.go} and the
 * declarative defaults of {@code core/v1}), in place:
 *
 * <ul>
 *   <li>pod: {@code restartPolicy: Always} (a Job then fails validation unless the user chose
 *       {@code OnFailure} or {@code Never}, exactly as upstream), {@code dnsPolicy: ClusterFirst},
 *       {@code schedulerName: default-scheduler}, {@code terminationGracePeriodSeconds: 30}, {@code
 *       securityContext: {}};
 *   <li>containers and init containers: {@code terminationMessagePath: /dev/termination-log},
 *       {@code terminationMessagePolicy: File}, {@code imagePullPolicy} {@code Always} for {@code
 *       :latest} or untagged images and {@code IfNotPresent} otherwise, port {@code protocol: TCP},
 *       env {@code fieldRef.apiVersion: v1}, probe timings (1 s timeout, 10 s period, thresholds 1
 *       and 3), {@code httpGet} path {@code /} and scheme {@code HTTP}, gRPC probe {@code service:
 *       ""};
 *   <li>volumes: a volume with no source becomes an {@code emptyDir}; secret, configMap,
 *       downwardAPI and projected volumes get {@code defaultMode: 420} (0644), hostPath {@code
 *       type: ""}, service account token projections one hour of validity, downward API items
 *       {@code fieldRef.apiVersion: v1}.
 * </ul>
 *
 * <p>Not applied: rounding resource quantities up to milli precision, and the defaults of cloud
 * volume types (RBD, ScaleIO, Azure disk, iSCSI), which batchd cannot mount.
 */
public final class PodTemplateDefaults {
  /** 0644, the default file mode of secret, configMap, downwardAPI and projected volumes. */
  static final int DEFAULT_VOLUME_MODE = 0644;

  private PodTemplateDefaults() {}

  /** Fills in the defaults of {@code template}, creating an empty spec when there is none. */
  public static void apply(PodTemplateSpec template) {
    if (template.getSpec() == null) {
      template.setSpec(new PodSpec());
    }
    applyToPodSpec(template.getSpec());
  }

  /** The same defaults for a bare pod spec (a Pod's own spec gets them too). */
  public static void applyToPodSpec(PodSpec spec) {
    if (isEmpty(spec.getDnsPolicy())) {
      spec.setDnsPolicy("ClusterFirst");
    }
    if (isEmpty(spec.getRestartPolicy())) {
      spec.setRestartPolicy("Always");
    }
    if (spec.getSecurityContext() == null) {
      spec.setSecurityContext(new PodSecurityContext());
    }
    if (spec.getTerminationGracePeriodSeconds() == null) {
      spec.setTerminationGracePeriodSeconds(30L);
    }
    if (isEmpty(spec.getSchedulerName())) {
      spec.setSchedulerName("default-scheduler");
    }
    nonNull(spec.getInitContainers()).forEach(PodTemplateDefaults::applyToContainer);
    nonNull(spec.getContainers()).forEach(PodTemplateDefaults::applyToContainer);
    nonNull(spec.getVolumes()).forEach(PodTemplateDefaults::applyToVolume);
  }

  static void applyToContainer(Container c) {
    if (isEmpty(c.getImagePullPolicy())) {
      c.setImagePullPolicy(
          ImageReferences.tagOf(c.getImage()).equals("latest") ? "Always" : "IfNotPresent");
    }
    if (isEmpty(c.getTerminationMessagePath())) {
      c.setTerminationMessagePath("/dev/termination-log");
    }
    if (isEmpty(c.getTerminationMessagePolicy())) {
      c.setTerminationMessagePolicy("File");
    }
    for (ContainerPort port : nonNull(c.getPorts())) {
      if (isEmpty(port.getProtocol())) {
        port.setProtocol("TCP");
      }
    }
    for (EnvVar env : nonNull(c.getEnv())) {
      if (env.getValueFrom() != null) {
        applyToFieldRef(env.getValueFrom().getFieldRef());
      }
    }
    applyToProbe(c.getLivenessProbe());
    applyToProbe(c.getReadinessProbe());
    applyToProbe(c.getStartupProbe());
    Lifecycle lifecycle = c.getLifecycle();
    if (lifecycle != null) {
      applyToHandler(lifecycle.getPostStart());
      applyToHandler(lifecycle.getPreStop());
    }
  }

  private static void applyToProbe(Probe p) {
    if (p == null) {
      return;
    }
    if (p.getTimeoutSeconds() == null || p.getTimeoutSeconds() == 0) {
      p.setTimeoutSeconds(1);
    }
    if (p.getPeriodSeconds() == null || p.getPeriodSeconds() == 0) {
      p.setPeriodSeconds(10);
    }
    if (p.getSuccessThreshold() == null || p.getSuccessThreshold() == 0) {
      p.setSuccessThreshold(1);
    }
    if (p.getFailureThreshold() == null || p.getFailureThreshold() == 0) {
      p.setFailureThreshold(3);
    }
    applyToHttpGet(p.getHttpGet());
    if (p.getGrpc() != null && p.getGrpc().getService() == null) {
      p.getGrpc().setService("");
    }
  }

  private static void applyToHandler(LifecycleHandler h) {
    if (h != null) {
      applyToHttpGet(h.getHttpGet());
    }
  }

  private static void applyToHttpGet(HTTPGetAction a) {
    if (a == null) {
      return;
    }
    if (isEmpty(a.getPath())) {
      a.setPath("/");
    }
    if (isEmpty(a.getScheme())) {
      a.setScheme("HTTP");
    }
  }

  private static void applyToFieldRef(ObjectFieldSelector ref) {
    if (ref != null && isEmpty(ref.getApiVersion())) {
      ref.setApiVersion("v1");
    }
  }

  static void applyToVolume(Volume v) {
    if (hasNoSource(v)) {
      v.setEmptyDir(new EmptyDirVolumeSource());
    }
    if (v.getSecret() != null && v.getSecret().getDefaultMode() == null) {
      v.getSecret().setDefaultMode(DEFAULT_VOLUME_MODE);
    }
    if (v.getConfigMap() != null && v.getConfigMap().getDefaultMode() == null) {
      v.getConfigMap().setDefaultMode(DEFAULT_VOLUME_MODE);
    }
    if (v.getDownwardAPI() != null) {
      if (v.getDownwardAPI().getDefaultMode() == null) {
        v.getDownwardAPI().setDefaultMode(DEFAULT_VOLUME_MODE);
      }
      applyToDownwardItems(v.getDownwardAPI().getItems());
    }
    if (v.getProjected() != null) {
      if (v.getProjected().getDefaultMode() == null) {
        v.getProjected().setDefaultMode(DEFAULT_VOLUME_MODE);
      }
      for (VolumeProjection source : nonNull(v.getProjected().getSources())) {
        if (source.getDownwardAPI() != null) {
          applyToDownwardItems(source.getDownwardAPI().getItems());
        }
        if (source.getServiceAccountToken() != null
            && source.getServiceAccountToken().getExpirationSeconds() == null) {
          source.getServiceAccountToken().setExpirationSeconds(3600L);
        }
      }
    }
    if (v.getHostPath() != null && v.getHostPath().getType() == null) {
      v.getHostPath().setType("");
    }
  }

  private static void applyToDownwardItems(List<DownwardAPIVolumeFile> items) {
    for (DownwardAPIVolumeFile item : nonNull(items)) {
      applyToFieldRef(item.getFieldRef());
    }
  }

  // Upstream checks that every source pointer is nil; the JSON form of a volume holds its name
  // and one key per source set, which covers source types added after this code was written.
  private static boolean hasNoSource(Volume v) {
    return ModelFields.setFields(v).stream().allMatch(k -> k.equals("name"));
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
