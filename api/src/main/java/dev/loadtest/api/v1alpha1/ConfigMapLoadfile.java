package dev.loadtest.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * A ConfigMap that holds the loadfile: its .java source files, or a compiled jar under binaryData, and any data
 * files the loadfile reads (every key is mounted, as a file of that name, in the loadfile's folder).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConfigMapLoadfile {

    @JsonPropertyDescription("Name of the ConfigMap, in the LoadTest's namespace. Every key becomes a file of that name in the runner's loadfile folder, /loadtest/loadfile (the loadfile reads it there: System.getProperty(\"loadtest.loadfile.dir\")), so data files such as users.csv can sit beside the loadfile. A ConfigMap holds at most 1 MiB in all; beyond that, build a runner image with the loadfile in it and use spec.loadfile.path.")
    @Required
    private String name;

    @JsonPropertyDescription("The loadfile's key: a .java file name (only that file is compiled), or a .jar file name (a compiled loadfile, kept under binaryData). Empty: every key ending in .java is compiled.")
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
