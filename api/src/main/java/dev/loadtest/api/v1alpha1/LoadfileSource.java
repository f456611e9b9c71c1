package dev.loadtest.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/**
 * Where the loadfile comes from. Set exactly one of configMap, inline or path. A loadfile is one or more plain
 * .java files, compiled by the runner at start (no build step), or a jar.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LoadfileSource {

    @JsonPropertyDescription("Read the loadfile from a ConfigMap in the LoadTest's namespace: its .java keys (each one source file, the key is its file name), or one .jar under binaryData named by key. Its other keys are data files beside the loadfile. At most 1 MiB per ConfigMap.")
    private ConfigMapLoadfile configMap;

    @JsonPropertyDescription("The loadfile's source inline, as file name to Java source, e.g. {ShopUser.java: \"...\"}. File names must end in .java. At most 1 MiB in all (it travels in a ConfigMap).")
    private Map<String, String> inline;

    @JsonPropertyDescription("A .java file, a folder of .java files, or a .jar. Locally, relative to the manifest; in a cluster, a path inside the runner image (a custom image built FROM the runner image with the jar and its data files copied in). The loadfile's folder is its data folder (System.getProperty(\"loadtest.loadfile.dir\")).")
    private String path;

    public ConfigMapLoadfile getConfigMap() {
        return configMap;
    }

    public void setConfigMap(ConfigMapLoadfile configMap) {
        this.configMap = configMap;
    }

    public Map<String, String> getInline() {
        return inline;
    }

    public void setInline(Map<String, String> inline) {
        this.inline = inline;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }
}
