package dev.loadtest.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;

/**
 * Settings applied to every runner pod. The operator's runner pod defaults (a file of this same shape, named by
 * {@code loadtest.runner.pod-defaults-file}) lie under it: each field set here replaces the default's field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunnerPodSpec {

    @JsonPropertyDescription("Runner image. Default: the operator's configured runner image. A custom image can carry the loadfile jar (see loadfile.path).")
    private String image;

    @JsonPropertyDescription("Image pull policy of the runner container (Always, IfNotPresent, Never).")
    @Pattern("^(Always|IfNotPresent|Never)$")
    private String imagePullPolicy;

    @JsonPropertyDescription("CPU and memory requests and limits of the runner container.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Node labels the runner pods must match.")
    private Map<String, String> nodeSelector;

    @JsonPropertyDescription("Tolerations of the runner pods.")
    private List<Toleration> tolerations;

    @JsonPropertyDescription("Affinity rules of the runner pods, e.g. to spread runners over nodes.")
    private Affinity affinity;

    @JsonPropertyDescription("Service account of the runner pods. Runners need no Kubernetes API access; set it only for your own needs.")
    private String serviceAccountName;

    @JsonPropertyDescription("Extra labels on the runner pods.")
    private Map<String, String> labels;

    @JsonPropertyDescription("Extra annotations on the runner pods.")
    private Map<String, String> annotations;

    @JsonPropertyDescription("Secrets holding the credentials to pull the runner image from a private registry.")
    private List<LocalObjectReference> imagePullSecrets;

    @JsonPropertyDescription("Pod-level security settings of the runner pods. Default: the Pod Security Standards' restricted profile (runAsNonRoot, runAsUser and runAsGroup 10001, seccompProfile RuntimeDefault).")
    private PodSecurityContext securityContext;

    @JsonPropertyDescription("Security settings of the runner container. Default: the restricted profile (allowPrivilegeEscalation false, readOnlyRootFilesystem true, capabilities drop ALL). The runner writes only to /tmp, an emptyDir the operator mounts.")
    private SecurityContext containerSecurityContext;

    @JsonPropertyDescription("Priority class of the runner pods, e.g. to let load generators preempt batch work.")
    private String priorityClassName;

    @JsonPropertyDescription("How the runner pods spread over zones or nodes (the pods carry the labels app.kubernetes.io/instance=<LoadTest name> and app.kubernetes.io/component=runner).")
    private List<TopologySpreadConstraint> topologySpreadConstraints;

    @JsonPropertyDescription("Extra volumes of the runner pods, e.g. data files or a CA bundle; mount them with volumeMounts.")
    private List<Volume> volumes;

    @JsonPropertyDescription("Extra mounts in the runner container, of the loadfile's data files, certificates or any volume in volumes.")
    private List<VolumeMount> volumeMounts;

    @JsonPropertyDescription("Environment variables of the runner container taken from whole ConfigMaps or Secrets (spec.env entries win over them).")
    private List<EnvFromSource> envFrom;

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getImagePullPolicy() {
        return imagePullPolicy;
    }

    public void setImagePullPolicy(String imagePullPolicy) {
        this.imagePullPolicy = imagePullPolicy;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public List<Toleration> getTolerations() {
        return tolerations;
    }

    public void setTolerations(List<Toleration> tolerations) {
        this.tolerations = tolerations;
    }

    public Affinity getAffinity() {
        return affinity;
    }

    public void setAffinity(Affinity affinity) {
        this.affinity = affinity;
    }

    public String getServiceAccountName() {
        return serviceAccountName;
    }

    public void setServiceAccountName(String serviceAccountName) {
        this.serviceAccountName = serviceAccountName;
    }

    public Map<String, String> getLabels() {
        return labels;
    }

    public void setLabels(Map<String, String> labels) {
        this.labels = labels;
    }

    public Map<String, String> getAnnotations() {
        return annotations;
    }

    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = annotations;
    }

    public List<LocalObjectReference> getImagePullSecrets() {
        return imagePullSecrets;
    }

    public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
        this.imagePullSecrets = imagePullSecrets;
    }

    public PodSecurityContext getSecurityContext() {
        return securityContext;
    }

    public void setSecurityContext(PodSecurityContext securityContext) {
        this.securityContext = securityContext;
    }

    public SecurityContext getContainerSecurityContext() {
        return containerSecurityContext;
    }

    public void setContainerSecurityContext(SecurityContext containerSecurityContext) {
        this.containerSecurityContext = containerSecurityContext;
    }

    public String getPriorityClassName() {
        return priorityClassName;
    }

    public void setPriorityClassName(String priorityClassName) {
        this.priorityClassName = priorityClassName;
    }

    public List<TopologySpreadConstraint> getTopologySpreadConstraints() {
        return topologySpreadConstraints;
    }

    public void setTopologySpreadConstraints(List<TopologySpreadConstraint> topologySpreadConstraints) {
        this.topologySpreadConstraints = topologySpreadConstraints;
    }

    public List<Volume> getVolumes() {
        return volumes;
    }

    public void setVolumes(List<Volume> volumes) {
        this.volumes = volumes;
    }

    public List<VolumeMount> getVolumeMounts() {
        return volumeMounts;
    }

    public void setVolumeMounts(List<VolumeMount> volumeMounts) {
        this.volumeMounts = volumeMounts;
    }

    public List<EnvFromSource> getEnvFrom() {
        return envFrom;
    }

    public void setEnvFrom(List<EnvFromSource> envFrom) {
        this.envFrom = envFrom;
    }
}
