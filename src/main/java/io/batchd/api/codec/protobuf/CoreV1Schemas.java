package io.batchd.api.codec.protobuf;

import static io.batchd.api.codec.protobuf.MetaV1Schemas.LABEL_SELECTOR;
import static io.batchd.api.codec.protobuf.MetaV1Schemas.OBJECT_META;
import static io.batchd.api.codec.protobuf.ScalarMessages.INT_OR_STRING;
import static io.batchd.api.codec.protobuf.ScalarMessages.QUANTITY;
import static io.batchd.api.codec.protobuf.ScalarMessages.TIME;

/**
 * Tables for {@code k8s.io/api/core/v1}: what a Job's pod template uses, and Namespace. Field
 * numbers are those of the upstream {@code generated.proto}; pointer-ness follows the Go types.
 * In-tree cloud volume types, which batchd cannot mount, are {@code ignored}: skipped and reported.
 */
final class CoreV1Schemas {
  // References and selectors.

  static final MessageSchema LOCAL_OBJECT_REFERENCE =
      MessageSchema.builder("LocalObjectReference").string(1, "name").build();

  static final MessageSchema OBJECT_REFERENCE =
      MessageSchema.builder("ObjectReference")
          .string(1, "kind")
          .string(2, "namespace")
          .string(3, "name")
          .string(4, "uid")
          .string(5, "apiVersion")
          .string(6, "resourceVersion")
          .string(7, "fieldPath")
          .build();

  static final MessageSchema TYPED_LOCAL_OBJECT_REFERENCE =
      MessageSchema.builder("TypedLocalObjectReference")
          .stringPtr(1, "apiGroup")
          .string(2, "kind")
          .string(3, "name")
          .build();

  static final MessageSchema TYPED_OBJECT_REFERENCE =
      MessageSchema.builder("TypedObjectReference")
          .stringPtr(1, "apiGroup")
          .string(2, "kind")
          .string(3, "name")
          .stringPtr(4, "namespace")
          .build();

  static final MessageSchema OBJECT_FIELD_SELECTOR =
      MessageSchema.builder("ObjectFieldSelector")
          .string(1, "apiVersion")
          .string(2, "fieldPath")
          .build();

  static final MessageSchema RESOURCE_FIELD_SELECTOR =
      MessageSchema.builder("ResourceFieldSelector")
          .string(1, "containerName")
          .string(2, "resource")
          .message(3, "divisor", QUANTITY)
          .build();

  static final MessageSchema CONFIG_MAP_KEY_SELECTOR =
      MessageSchema.builder("ConfigMapKeySelector")
          .inline(1, LOCAL_OBJECT_REFERENCE)
          .string(2, "key")
          .boolPtr(3, "optional")
          .build();

  static final MessageSchema SECRET_KEY_SELECTOR =
      MessageSchema.builder("SecretKeySelector")
          .inline(1, LOCAL_OBJECT_REFERENCE)
          .string(2, "key")
          .boolPtr(3, "optional")
          .build();

  static final MessageSchema FILE_KEY_SELECTOR =
      MessageSchema.builder("FileKeySelector")
          .string(1, "volumeName")
          .string(2, "path")
          .string(3, "key")
          .boolPtr(4, "optional")
          .build();

  static final MessageSchema KEY_TO_PATH =
      MessageSchema.builder("KeyToPath")
          .string(1, "key")
          .string(2, "path")
          .int32Ptr(3, "mode")
          .build();

  // Environment.

  static final MessageSchema ENV_VAR_SOURCE =
      MessageSchema.builder("EnvVarSource")
          .message(1, "fieldRef", OBJECT_FIELD_SELECTOR)
          .message(2, "resourceFieldRef", RESOURCE_FIELD_SELECTOR)
          .message(3, "configMapKeyRef", CONFIG_MAP_KEY_SELECTOR)
          .message(4, "secretKeyRef", SECRET_KEY_SELECTOR)
          .message(5, "fileKeyRef", FILE_KEY_SELECTOR)
          .build();

  static final MessageSchema ENV_VAR =
      MessageSchema.builder("EnvVar")
          .string(1, "name")
          .string(2, "value")
          .message(3, "valueFrom", ENV_VAR_SOURCE)
          .build();

  static final MessageSchema CONFIG_MAP_ENV_SOURCE =
      MessageSchema.builder("ConfigMapEnvSource")
          .inline(1, LOCAL_OBJECT_REFERENCE)
          .boolPtr(2, "optional")
          .build();

  static final MessageSchema SECRET_ENV_SOURCE =
      MessageSchema.builder("SecretEnvSource")
          .inline(1, LOCAL_OBJECT_REFERENCE)
          .boolPtr(2, "optional")
          .build();

  static final MessageSchema ENV_FROM_SOURCE =
      MessageSchema.builder("EnvFromSource")
          .string(1, "prefix")
          .message(2, "configMapRef", CONFIG_MAP_ENV_SOURCE)
          .message(3, "secretRef", SECRET_ENV_SOURCE)
          .build();

  // Resources, ports and mounts.

  static final MessageSchema RESOURCE_CLAIM =
      MessageSchema.builder("ResourceClaim").string(1, "name").string(2, "request").build();

  static final MessageSchema RESOURCE_REQUIREMENTS =
      MessageSchema.builder("ResourceRequirements")
          .messageMap(1, "limits", QUANTITY)
          .messageMap(2, "requests", QUANTITY)
          .repeated(3, "claims", RESOURCE_CLAIM)
          .build();

  static final MessageSchema CONTAINER_PORT =
      MessageSchema.builder("ContainerPort")
          .string(1, "name")
          .int32(2, "hostPort")
          .int32(3, "containerPort")
          .string(4, "protocol")
          .string(5, "hostIP")
          .build();

  static final MessageSchema CONTAINER_RESIZE_POLICY =
      MessageSchema.builder("ContainerResizePolicy")
          .string(1, "resourceName")
          .string(2, "restartPolicy")
          .build();

  static final MessageSchema CONTAINER_RESTART_RULE_ON_EXIT_CODES =
      MessageSchema.builder("ContainerRestartRuleOnExitCodes")
          .string(1, "operator")
          .int32s(2, "values")
          .build();

  static final MessageSchema CONTAINER_RESTART_RULE =
      MessageSchema.builder("ContainerRestartRule")
          .string(1, "action")
          .message(2, "exitCodes", CONTAINER_RESTART_RULE_ON_EXIT_CODES)
          .build();

  static final MessageSchema VOLUME_MOUNT =
      MessageSchema.builder("VolumeMount")
          .string(1, "name")
          .bool(2, "readOnly")
          .stringPtr(7, "recursiveReadOnly")
          .string(3, "mountPath")
          .string(4, "subPath")
          .stringPtr(5, "mountPropagation")
          .string(6, "subPathExpr")
          .build();

  static final MessageSchema VOLUME_DEVICE =
      MessageSchema.builder("VolumeDevice").string(1, "name").string(2, "devicePath").build();

  // Probes and lifecycle hooks.

  static final MessageSchema EXEC_ACTION =
      MessageSchema.builder("ExecAction").strings(1, "command").build();

  static final MessageSchema HTTP_HEADER =
      MessageSchema.builder("HTTPHeader").string(1, "name").string(2, "value").build();

  static final MessageSchema HTTP_GET_ACTION =
      MessageSchema.builder("HTTPGetAction")
          .string(1, "path")
          .message(2, "port", INT_OR_STRING)
          .string(3, "host")
          .string(4, "scheme")
          .repeated(5, "httpHeaders", HTTP_HEADER)
          .build();

  static final MessageSchema TCP_SOCKET_ACTION =
      MessageSchema.builder("TCPSocketAction")
          .message(1, "port", INT_OR_STRING)
          .string(2, "host")
          .build();

  static final MessageSchema GRPC_ACTION =
      MessageSchema.builder("GRPCAction").int32(1, "port").stringPtr(2, "service").build();

  static final MessageSchema SLEEP_ACTION =
      MessageSchema.builder("SleepAction").int64(1, "seconds").build();

  static final MessageSchema PROBE_HANDLER =
      MessageSchema.builder("ProbeHandler")
          .message(1, "exec", EXEC_ACTION)
          .message(2, "httpGet", HTTP_GET_ACTION)
          .message(3, "tcpSocket", TCP_SOCKET_ACTION)
          .message(4, "grpc", GRPC_ACTION)
          .build();

  static final MessageSchema PROBE =
      MessageSchema.builder("Probe")
          .inline(1, PROBE_HANDLER)
          .int32(2, "initialDelaySeconds")
          .int32(3, "timeoutSeconds")
          .int32(4, "periodSeconds")
          .int32(5, "successThreshold")
          .int32(6, "failureThreshold")
          .int64Ptr(7, "terminationGracePeriodSeconds")
          .build();

  static final MessageSchema LIFECYCLE_HANDLER =
      MessageSchema.builder("LifecycleHandler")
          .message(1, "exec", EXEC_ACTION)
          .message(2, "httpGet", HTTP_GET_ACTION)
          .message(3, "tcpSocket", TCP_SOCKET_ACTION)
          .message(4, "sleep", SLEEP_ACTION)
          .build();

  static final MessageSchema LIFECYCLE =
      MessageSchema.builder("Lifecycle")
          .message(1, "postStart", LIFECYCLE_HANDLER)
          .message(2, "preStop", LIFECYCLE_HANDLER)
          .stringPtr(3, "stopSignal")
          .build();

  // Security.

  static final MessageSchema CAPABILITIES =
      MessageSchema.builder("Capabilities").strings(1, "add").strings(2, "drop").build();

  static final MessageSchema SE_LINUX_OPTIONS =
      MessageSchema.builder("SELinuxOptions")
          .string(1, "user")
          .string(2, "role")
          .string(3, "type")
          .string(4, "level")
          .build();

  static final MessageSchema WINDOWS_SECURITY_CONTEXT_OPTIONS =
      MessageSchema.builder("WindowsSecurityContextOptions")
          .stringPtr(1, "gmsaCredentialSpecName")
          .stringPtr(2, "gmsaCredentialSpec")
          .stringPtr(3, "runAsUserName")
          .boolPtr(4, "hostProcess")
          .build();

  static final MessageSchema SECCOMP_PROFILE =
      MessageSchema.builder("SeccompProfile")
          .string(1, "type")
          .stringPtr(2, "localhostProfile")
          .build();

  static final MessageSchema APP_ARMOR_PROFILE =
      MessageSchema.builder("AppArmorProfile")
          .string(1, "type")
          .stringPtr(2, "localhostProfile")
          .build();

  static final MessageSchema ULIMIT =
      MessageSchema.builder("Ulimit").string(1, "name").int64(2, "hard").int64(3, "soft").build();

  static final MessageSchema SECURITY_CONTEXT =
      MessageSchema.builder("SecurityContext")
          .message(1, "capabilities", CAPABILITIES)
          .boolPtr(2, "privileged")
          .message(3, "seLinuxOptions", SE_LINUX_OPTIONS)
          .message(10, "windowsOptions", WINDOWS_SECURITY_CONTEXT_OPTIONS)
          .int64Ptr(4, "runAsUser")
          .int64Ptr(8, "runAsGroup")
          .boolPtr(5, "runAsNonRoot")
          .boolPtr(6, "readOnlyRootFilesystem")
          .boolPtr(7, "allowPrivilegeEscalation")
          .stringPtr(9, "procMount")
          .message(11, "seccompProfile", SECCOMP_PROFILE)
          .message(12, "appArmorProfile", APP_ARMOR_PROFILE)
          .repeated(13, "ulimits", ULIMIT)
          .build();

  static final MessageSchema SYSCTL =
      MessageSchema.builder("Sysctl").string(1, "name").string(2, "value").build();

  static final MessageSchema POD_SECURITY_CONTEXT =
      MessageSchema.builder("PodSecurityContext")
          .message(1, "seLinuxOptions", SE_LINUX_OPTIONS)
          .message(8, "windowsOptions", WINDOWS_SECURITY_CONTEXT_OPTIONS)
          .int64Ptr(2, "runAsUser")
          .int64Ptr(6, "runAsGroup")
          .boolPtr(3, "runAsNonRoot")
          .int64s(4, "supplementalGroups")
          .stringPtr(12, "supplementalGroupsPolicy")
          .int64Ptr(5, "fsGroup")
          .repeated(7, "sysctls", SYSCTL)
          .stringPtr(9, "fsGroupChangePolicy")
          .message(10, "seccompProfile", SECCOMP_PROFILE)
          .message(11, "appArmorProfile", APP_ARMOR_PROFILE)
          .stringPtr(13, "seLinuxChangePolicy")
          .build();

  // Containers. EphemeralContainerCommon has the same numbers, so ephemeral containers reuse this.

  static final MessageSchema CONTAINER =
      MessageSchema.builder("Container")
          .string(1, "name")
          .string(2, "image")
          .strings(3, "command")
          .strings(4, "args")
          .string(5, "workingDir")
          .repeated(6, "ports", CONTAINER_PORT)
          .repeated(19, "envFrom", ENV_FROM_SOURCE)
          .repeated(7, "env", ENV_VAR)
          .message(8, "resources", RESOURCE_REQUIREMENTS)
          .repeated(23, "resizePolicy", CONTAINER_RESIZE_POLICY)
          .stringPtr(24, "restartPolicy")
          .repeated(25, "restartPolicyRules", CONTAINER_RESTART_RULE)
          .repeated(9, "volumeMounts", VOLUME_MOUNT)
          .repeated(21, "volumeDevices", VOLUME_DEVICE)
          .message(10, "livenessProbe", PROBE)
          .message(11, "readinessProbe", PROBE)
          .message(22, "startupProbe", PROBE)
          .message(12, "lifecycle", LIFECYCLE)
          .string(13, "terminationMessagePath")
          .string(20, "terminationMessagePolicy")
          .string(14, "imagePullPolicy")
          .message(15, "securityContext", SECURITY_CONTEXT)
          .bool(16, "stdin")
          .bool(17, "stdinOnce")
          .bool(18, "tty")
          .build();

  static final MessageSchema EPHEMERAL_CONTAINER =
      MessageSchema.builder("EphemeralContainer")
          .inline(1, CONTAINER)
          .string(2, "targetContainerName")
          .build();

  // Volumes.

  static final MessageSchema HOST_PATH_VOLUME_SOURCE =
      MessageSchema.builder("HostPathVolumeSource").string(1, "path").stringPtr(2, "type").build();

  static final MessageSchema EMPTY_DIR_VOLUME_SOURCE =
      MessageSchema.builder("EmptyDirVolumeSource")
          .string(1, "medium")
          .message(2, "sizeLimit", QUANTITY)
          .build();

  static final MessageSchema SECRET_VOLUME_SOURCE =
      MessageSchema.builder("SecretVolumeSource")
          .string(1, "secretName")
          .repeated(2, "items", KEY_TO_PATH)
          .int32Ptr(3, "defaultMode")
          .boolPtr(4, "optional")
          .build();

  static final MessageSchema CONFIG_MAP_VOLUME_SOURCE =
      MessageSchema.builder("ConfigMapVolumeSource")
          .inline(1, LOCAL_OBJECT_REFERENCE)
          .repeated(2, "items", KEY_TO_PATH)
          .int32Ptr(3, "defaultMode")
          .boolPtr(4, "optional")
          .build();

  static final MessageSchema DOWNWARD_API_VOLUME_FILE =
      MessageSchema.builder("DownwardAPIVolumeFile")
          .string(1, "path")
          .message(2, "fieldRef", OBJECT_FIELD_SELECTOR)
          .message(3, "resourceFieldRef", RESOURCE_FIELD_SELECTOR)
          .int32Ptr(4, "mode")
          .build();

  static final MessageSchema DOWNWARD_API_VOLUME_SOURCE =
      MessageSchema.builder("DownwardAPIVolumeSource")
          .repeated(1, "items", DOWNWARD_API_VOLUME_FILE)
          .int32Ptr(2, "defaultMode")
          .build();

  static final MessageSchema DOWNWARD_API_PROJECTION =
      MessageSchema.builder("DownwardAPIProjection")
          .repeated(1, "items", DOWNWARD_API_VOLUME_FILE)
          .build();

  static final MessageSchema SECRET_PROJECTION =
      MessageSchema.builder("SecretProjection")
          .inline(1, LOCAL_OBJECT_REFERENCE)
          .repeated(2, "items", KEY_TO_PATH)
          .boolPtr(4, "optional")
          .build();

  static final MessageSchema CONFIG_MAP_PROJECTION =
      MessageSchema.builder("ConfigMapProjection")
          .inline(1, LOCAL_OBJECT_REFERENCE)
          .repeated(2, "items", KEY_TO_PATH)
          .boolPtr(4, "optional")
          .build();

  static final MessageSchema SERVICE_ACCOUNT_TOKEN_PROJECTION =
      MessageSchema.builder("ServiceAccountTokenProjection")
          .string(1, "audience")
          .int64Ptr(2, "expirationSeconds")
          .string(3, "path")
          .build();

  static final MessageSchema CLUSTER_TRUST_BUNDLE_PROJECTION =
      MessageSchema.builder("ClusterTrustBundleProjection")
          .stringPtr(1, "name")
          .stringPtr(2, "signerName")
          .message(3, "labelSelector", LABEL_SELECTOR)
          .boolPtr(5, "optional")
          .string(4, "path")
          .build();

  static final MessageSchema VOLUME_PROJECTION =
      MessageSchema.builder("VolumeProjection")
          .message(1, "secret", SECRET_PROJECTION)
          .message(2, "downwardAPI", DOWNWARD_API_PROJECTION)
          .message(3, "configMap", CONFIG_MAP_PROJECTION)
          .message(4, "serviceAccountToken", SERVICE_ACCOUNT_TOKEN_PROJECTION)
          .message(5, "clusterTrustBundle", CLUSTER_TRUST_BUNDLE_PROJECTION)
          .ignored(6, "podCertificate")
          .build();

  static final MessageSchema PROJECTED_VOLUME_SOURCE =
      MessageSchema.builder("ProjectedVolumeSource")
          .repeated(1, "sources", VOLUME_PROJECTION)
          .int32Ptr(2, "defaultMode")
          .build();

  static final MessageSchema PERSISTENT_VOLUME_CLAIM_VOLUME_SOURCE =
      MessageSchema.builder("PersistentVolumeClaimVolumeSource")
          .string(1, "claimName")
          .bool(2, "readOnly")
          .build();

  static final MessageSchema NFS_VOLUME_SOURCE =
      MessageSchema.builder("NFSVolumeSource")
          .string(1, "server")
          .string(2, "path")
          .bool(3, "readOnly")
          .build();

  static final MessageSchema CSI_VOLUME_SOURCE =
      MessageSchema.builder("CSIVolumeSource")
          .string(1, "driver")
          .boolPtr(2, "readOnly")
          .stringPtr(3, "fsType")
          .stringMap(4, "volumeAttributes")
          .message(5, "nodePublishSecretRef", LOCAL_OBJECT_REFERENCE)
          .build();

  static final MessageSchema IMAGE_VOLUME_SOURCE =
      MessageSchema.builder("ImageVolumeSource")
          .string(1, "reference")
          .string(2, "pullPolicy")
          .build();

  static final MessageSchema VOLUME_RESOURCE_REQUIREMENTS =
      MessageSchema.builder("VolumeResourceRequirements")
          .messageMap(1, "limits", QUANTITY)
          .messageMap(2, "requests", QUANTITY)
          .build();

  static final MessageSchema PERSISTENT_VOLUME_CLAIM_SPEC =
      MessageSchema.builder("PersistentVolumeClaimSpec")
          .strings(1, "accessModes")
          .message(4, "selector", LABEL_SELECTOR)
          .message(2, "resources", VOLUME_RESOURCE_REQUIREMENTS)
          .string(3, "volumeName")
          .stringPtr(5, "storageClassName")
          .stringPtr(6, "volumeMode")
          .message(7, "dataSource", TYPED_LOCAL_OBJECT_REFERENCE)
          .message(8, "dataSourceRef", TYPED_OBJECT_REFERENCE)
          .stringPtr(9, "volumeAttributesClassName")
          .build();

  static final MessageSchema PERSISTENT_VOLUME_CLAIM_TEMPLATE =
      MessageSchema.builder("PersistentVolumeClaimTemplate")
          .message(1, "metadata", OBJECT_META)
          .message(2, "spec", PERSISTENT_VOLUME_CLAIM_SPEC)
          .build();

  static final MessageSchema EPHEMERAL_VOLUME_SOURCE =
      MessageSchema.builder("EphemeralVolumeSource")
          .message(1, "volumeClaimTemplate", PERSISTENT_VOLUME_CLAIM_TEMPLATE)
          .build();

  static final MessageSchema VOLUME_SOURCE =
      MessageSchema.builder("VolumeSource")
          .message(1, "hostPath", HOST_PATH_VOLUME_SOURCE)
          .message(2, "emptyDir", EMPTY_DIR_VOLUME_SOURCE)
          .ignored(3, "gcePersistentDisk")
          .ignored(4, "awsElasticBlockStore")
          .ignored(5, "gitRepo")
          .message(6, "secret", SECRET_VOLUME_SOURCE)
          .message(7, "nfs", NFS_VOLUME_SOURCE)
          .ignored(8, "iscsi")
          .ignored(9, "glusterfs")
          .message(10, "persistentVolumeClaim", PERSISTENT_VOLUME_CLAIM_VOLUME_SOURCE)
          .ignored(11, "rbd")
          .ignored(12, "flexVolume")
          .ignored(13, "cinder")
          .ignored(14, "cephfs")
          .ignored(15, "flocker")
          .message(16, "downwardAPI", DOWNWARD_API_VOLUME_SOURCE)
          .ignored(17, "fc")
          .ignored(18, "azureFile")
          .message(19, "configMap", CONFIG_MAP_VOLUME_SOURCE)
          .ignored(20, "vsphereVolume")
          .ignored(21, "quobyte")
          .ignored(22, "azureDisk")
          .ignored(23, "photonPersistentDisk")
          .ignored(24, "portworxVolume")
          .ignored(25, "scaleIO")
          .message(26, "projected", PROJECTED_VOLUME_SOURCE)
          .ignored(27, "storageos")
          .message(28, "csi", CSI_VOLUME_SOURCE)
          .message(29, "ephemeral", EPHEMERAL_VOLUME_SOURCE)
          .message(30, "image", IMAGE_VOLUME_SOURCE)
          .build();

  static final MessageSchema VOLUME =
      MessageSchema.builder("Volume").string(1, "name").inline(2, VOLUME_SOURCE).build();

  // Scheduling.

  static final MessageSchema NODE_SELECTOR_REQUIREMENT =
      MessageSchema.builder("NodeSelectorRequirement")
          .string(1, "key")
          .string(2, "operator")
          .strings(3, "values")
          .build();

  static final MessageSchema NODE_SELECTOR_TERM =
      MessageSchema.builder("NodeSelectorTerm")
          .repeated(1, "matchExpressions", NODE_SELECTOR_REQUIREMENT)
          .repeated(2, "matchFields", NODE_SELECTOR_REQUIREMENT)
          .build();

  static final MessageSchema NODE_SELECTOR =
      MessageSchema.builder("NodeSelector")
          .repeated(1, "nodeSelectorTerms", NODE_SELECTOR_TERM)
          .build();

  static final MessageSchema PREFERRED_SCHEDULING_TERM =
      MessageSchema.builder("PreferredSchedulingTerm")
          .int32(1, "weight")
          .message(2, "preference", NODE_SELECTOR_TERM)
          .build();

  static final MessageSchema NODE_AFFINITY =
      MessageSchema.builder("NodeAffinity")
          .message(1, "requiredDuringSchedulingIgnoredDuringExecution", NODE_SELECTOR)
          .repeated(2, "preferredDuringSchedulingIgnoredDuringExecution", PREFERRED_SCHEDULING_TERM)
          .build();

  static final MessageSchema POD_AFFINITY_TERM =
      MessageSchema.builder("PodAffinityTerm")
          .message(1, "labelSelector", LABEL_SELECTOR)
          .strings(2, "namespaces")
          .string(3, "topologyKey")
          .message(4, "namespaceSelector", LABEL_SELECTOR)
          .strings(5, "matchLabelKeys")
          .strings(6, "mismatchLabelKeys")
          .build();

  static final MessageSchema WEIGHTED_POD_AFFINITY_TERM =
      MessageSchema.builder("WeightedPodAffinityTerm")
          .int32(1, "weight")
          .message(2, "podAffinityTerm", POD_AFFINITY_TERM)
          .build();

  /** PodAffinity and PodAntiAffinity have the same fields. */
  static final MessageSchema POD_AFFINITY =
      MessageSchema.builder("PodAffinity")
          .repeated(1, "requiredDuringSchedulingIgnoredDuringExecution", POD_AFFINITY_TERM)
          .repeated(
              2, "preferredDuringSchedulingIgnoredDuringExecution", WEIGHTED_POD_AFFINITY_TERM)
          .build();

  static final MessageSchema AFFINITY =
      MessageSchema.builder("Affinity")
          .message(1, "nodeAffinity", NODE_AFFINITY)
          .message(2, "podAffinity", POD_AFFINITY)
          .message(3, "podAntiAffinity", POD_AFFINITY)
          .build();

  static final MessageSchema TOLERATION =
      MessageSchema.builder("Toleration")
          .string(1, "key")
          .string(2, "operator")
          .string(3, "value")
          .string(4, "effect")
          .int64Ptr(5, "tolerationSeconds")
          .build();

  static final MessageSchema TOPOLOGY_SPREAD_CONSTRAINT =
      MessageSchema.builder("TopologySpreadConstraint")
          .int32(1, "maxSkew")
          .string(2, "topologyKey")
          .string(3, "whenUnsatisfiable")
          .message(4, "labelSelector", LABEL_SELECTOR)
          .int32Ptr(5, "minDomains")
          .stringPtr(6, "nodeAffinityPolicy")
          .stringPtr(7, "nodeTaintsPolicy")
          .strings(8, "matchLabelKeys")
          .build();

  // The rest of the pod spec.

  static final MessageSchema HOST_ALIAS =
      MessageSchema.builder("HostAlias").string(1, "ip").strings(2, "hostnames").build();

  static final MessageSchema POD_DNS_CONFIG_OPTION =
      MessageSchema.builder("PodDNSConfigOption").string(1, "name").stringPtr(2, "value").build();

  static final MessageSchema POD_DNS_CONFIG =
      MessageSchema.builder("PodDNSConfig")
          .strings(1, "nameservers")
          .strings(2, "searches")
          .repeated(3, "options", POD_DNS_CONFIG_OPTION)
          .build();

  static final MessageSchema POD_READINESS_GATE =
      MessageSchema.builder("PodReadinessGate").string(1, "conditionType").build();

  static final MessageSchema POD_OS = MessageSchema.builder("PodOS").string(1, "name").build();

  static final MessageSchema POD_SCHEDULING_GATE =
      MessageSchema.builder("PodSchedulingGate").string(1, "name").build();

  static final MessageSchema POD_RESOURCE_CLAIM =
      MessageSchema.builder("PodResourceClaim")
          .string(1, "name")
          .stringPtr(3, "resourceClaimName")
          .stringPtr(4, "resourceClaimTemplateName")
          .build();

  static final MessageSchema POD_SPEC =
      MessageSchema.builder("PodSpec")
          .repeated(1, "volumes", VOLUME)
          .repeated(20, "initContainers", CONTAINER)
          .repeated(2, "containers", CONTAINER)
          .repeated(34, "ephemeralContainers", EPHEMERAL_CONTAINER)
          .string(3, "restartPolicy")
          .int64Ptr(4, "terminationGracePeriodSeconds")
          .int64Ptr(5, "activeDeadlineSeconds")
          .string(6, "dnsPolicy")
          .stringMap(7, "nodeSelector")
          .string(8, "serviceAccountName")
          .string(9, "serviceAccount")
          .boolPtr(21, "automountServiceAccountToken")
          .string(10, "nodeName")
          .bool(11, "hostNetwork")
          .bool(12, "hostPID")
          .bool(13, "hostIPC")
          .boolPtr(27, "shareProcessNamespace")
          .message(14, "securityContext", POD_SECURITY_CONTEXT)
          .repeated(15, "imagePullSecrets", LOCAL_OBJECT_REFERENCE)
          .string(16, "hostname")
          .string(17, "subdomain")
          .message(18, "affinity", AFFINITY)
          .string(19, "schedulerName")
          .repeated(22, "tolerations", TOLERATION)
          .repeated(23, "hostAliases", HOST_ALIAS)
          .string(24, "priorityClassName")
          .int32Ptr(25, "priority")
          .message(26, "dnsConfig", POD_DNS_CONFIG)
          .repeated(28, "readinessGates", POD_READINESS_GATE)
          .stringPtr(29, "runtimeClassName")
          .boolPtr(30, "enableServiceLinks")
          .stringPtr(31, "preemptionPolicy")
          .messageMap(32, "overhead", QUANTITY)
          .repeated(33, "topologySpreadConstraints", TOPOLOGY_SPREAD_CONSTRAINT)
          .boolPtr(35, "setHostnameAsFQDN")
          .message(36, "os", POD_OS)
          .boolPtr(37, "hostUsers")
          .repeated(38, "schedulingGates", POD_SCHEDULING_GATE)
          .repeated(39, "resourceClaims", POD_RESOURCE_CLAIM)
          .message(40, "resources", RESOURCE_REQUIREMENTS)
          .stringPtr(41, "hostnameOverride")
          .ignored(42, "workloadRef")
          .build();

  static final MessageSchema POD_TEMPLATE_SPEC =
      MessageSchema.builder("PodTemplateSpec")
          .message(1, "metadata", OBJECT_META)
          .message(2, "spec", POD_SPEC)
          .build();

  // Namespace.

  static final MessageSchema NAMESPACE_SPEC =
      MessageSchema.builder("NamespaceSpec").strings(1, "finalizers").build();

  static final MessageSchema NAMESPACE_CONDITION =
      MessageSchema.builder("NamespaceCondition")
          .string(1, "type")
          .string(2, "status")
          .message(4, "lastTransitionTime", TIME)
          .string(5, "reason")
          .string(6, "message")
          .build();

  static final MessageSchema NAMESPACE_STATUS =
      MessageSchema.builder("NamespaceStatus")
          .string(1, "phase")
          .repeated(2, "conditions", NAMESPACE_CONDITION)
          .build();

  static final MessageSchema NAMESPACE =
      MessageSchema.builder("Namespace")
          .message(1, "metadata", OBJECT_META)
          .message(2, "spec", NAMESPACE_SPEC)
          .message(3, "status", NAMESPACE_STATUS)
          .build();

  // Binding, which the scheduler POSTs to a pod's binding subresource.

  static final MessageSchema BINDING =
      MessageSchema.builder("Binding")
          .message(1, "metadata", OBJECT_META)
          .message(2, "target", OBJECT_REFERENCE)
          .build();

  private CoreV1Schemas() {}
}
