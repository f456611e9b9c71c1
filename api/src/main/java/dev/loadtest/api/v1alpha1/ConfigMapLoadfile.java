package dev.loadtest.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * A ConfigMap that holds the loadfile's source files.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConfigMapLoadfile {

    @JsonPropertyDescription("Name of the ConfigMap, in the LoadTest's namespace.")
    @Required
    private String name;

    @JsonPropertyDescription("Only this key (a .java file name). Empty: every key ending in .java.")
    @Pattern("^.+\\.java$")
    private String key;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
