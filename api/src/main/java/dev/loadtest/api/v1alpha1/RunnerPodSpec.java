package dev.loadtest.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * Settings applied to every runner pod.
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
}
