package dev.loadtest.runner.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.loadtest.api.HttpVersion;
import dev.loadtest.api.Timespan;
import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.LoadfileSource;
import dev.loadtest.api.v1alpha1.SpecValidation;
import dev.loadtest.runner.loadfile.CompiledLoadfile;
import dev.loadtest.runner.loadfile.LoadfileCompiler;
import dev.loadtest.runner.loadfile.LoadfileException;
import dev.loadtest.runner.loadfile.LoadfileModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A LoadTest manifest read for a local run: parsed strictly (an unknown field is an error naming it),
 * validated with errors that name the field and the fix, and turned into a local run's settings.
 */
public final class LocalManifest {

    private static final YAMLMapper YAML = (YAMLMapper) new YAMLMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;
    private final LoadTest loadTest;
    private final List<String> warnings = new ArrayList<>();

    private LocalManifest(Path file, LoadTest loadTest) {
        this.file = file;
        this.loadTest = loadTest;
    }

    public static LocalManifest read(Path file) throws LoadfileException {
        LoadTest lt;
        try {
            lt = YAML.readValue(file.toFile(), LoadTest.class);
        } catch (JsonMappingException e) {
            throw new LoadfileException(file + ": " + fieldPath(e) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new LoadfileException(file + ": cannot read the manifest: " + e.getMessage(), e);
        }
        if (lt == null || lt.getSpec() == null) {
            throw new LoadfileException(file + ": spec is missing; see docs/examples/ for a LoadTest manifest");
        }
        if (!(LoadTest.GROUP + "/" + LoadTest.VERSION).equals(lt.getApiVersion()) || !"LoadTest".equals(lt.getKind())) {
            throw new LoadfileException(file + ": expected apiVersion loadtest.dev/v1alpha1 and kind LoadTest, got "
                    + lt.getApiVersion() + " " + lt.getKind());
        }
        LocalManifest m = new LocalManifest(file, lt);
        m.validate();
        return m;
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "manifest" : sb.toString();
    }

    public LoadTestSpec spec() {
        return loadTest.getSpec();
    }

    public List<String> warnings() {
        return warnings;
    }

    private void validate() throws LoadfileException {
        LoadTestSpec s = spec();
        List<String> errors = new ArrayList<>(SpecValidation.errors(s));
        if (s.getLoadfile() != null && s.getLoadfile().getConfigMap() != null) {
            errors.add("spec.loadfile.configMap needs a cluster; to run locally, use loadfile.path or loadfile.inline");
        }
        if (!errors.isEmpty()) {
            throw new LoadfileException(file + ": " + String.join("; ", errors));
        }
        if (s.getRunners() != null && s.getRunners() > 1) {
            warnings.add("spec.runners = " + s.getRunners() + ": a local run uses one process for all users");
        }
        if (s.getEnv() != null && !s.getEnv().isEmpty()) {
            warnings.add("spec.env is applied to runner pods only; locally, set the variables in your shell");
        }
        if (s.getRunTime() == null && s.getStages() == null) {
            warnings.add("spec.runTime is not set: the test runs until Ctrl-C");
        }
    }

    /** Compiles the manifest's loadfile; a path is relative to the manifest's folder. */
    public CompiledLoadfile compile() throws LoadfileException {
        LoadfileSource lf = spec().getLoadfile();
        if (lf.getInline() != null) {
            return LoadfileCompiler.compileInline(lf.getInline());
        }
        Path path = Path.of(lf.getPath());
        Path base = file.toAbsolutePath().getParent();
        return Loadfiles.compile(path.isAbsolute() || base == null ? path : base.resolve(path).normalize());
    }

    /** @param httpVersion overrides spec.httpVersion when not null */
    public LocalRun.Settings settings(LoadfileModel model, String host, String csvPrefix, String htmlFile,
                                      HttpVersion httpVersion, boolean insecure) throws LoadfileException {
        LoadTestSpec s = spec();
        // validate() has checked spec.httpVersion already
        HttpVersion version = httpVersion != null || s.getHttpVersion() == null ? httpVersion
                : HttpVersion.parse(s.getHttpVersion());
        return new LocalRun.Settings(model, s.getUsers() == null ? 1 : s.getUsers(),
                s.getSpawnRate() == null ? 1 : s.getSpawnRate(), host, s.getTags(), s.getExcludeTags(),
                model.resolveOptions(s.getOptions(), "spec.options"),
                s.getRunTime() == null ? null : Timespan.parseSeconds(s.getRunTime()),
                s.getStopTimeout() == null ? 0 : Timespan.parseSeconds(s.getStopTimeout()), csvPrefix, htmlFile, 1,
                s.getThresholds(), version, insecure || Boolean.TRUE.equals(s.getInsecureSkipTlsVerify()),
                s.getStages(), s.getArrivalRate());
    }
}
