package dev.loadtest.api.v1alpha1;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SpecValidationTest {

    private static LoadTestSpec valid() {
        LoadTestSpec spec = new LoadTestSpec();
        spec.setUsers(10);
        spec.setSpawnRate(2.0);
        spec.setRunners(3);
        spec.setRunTime("1m");
        spec.setStopTimeout("0s");
        spec.setHost("http://shop.shop.svc:8080");
        LoadfileSource loadfile = new LoadfileSource();
        loadfile.setInline(Map.of("ShopUser.java", "public class ShopUser {}"));
        spec.setLoadfile(loadfile);
        return spec;
    }

    @Test
    void theFixtureIsValid() {
        assertThat(SpecValidation.errors(valid())).isEmpty();
    }

    @Test
    void loadfileNeedsExactlyOneSource() {
        LoadTestSpec spec = valid();
        ConfigMapLoadfile cm = new ConfigMapLoadfile();
        cm.setName("shop");
        spec.getLoadfile().setConfigMap(cm);
        assertThat(SpecValidation.errors(spec)).singleElement().asString()
                .contains("spec.loadfile must set exactly one of configMap, inline or path; 2 are set");
        spec.setLoadfile(null);
        assertThat(SpecValidation.errors(spec)).singleElement().asString().startsWith("spec.loadfile is required");
    }

    @Test
    void inlineFileNamesMustBeJavaFiles() {
        LoadTestSpec spec = valid();
        spec.getLoadfile().setInline(Map.of("shop.py", "x"));
        assertThat(SpecValidation.errors(spec)).singleElement().asString()
                .contains("spec.loadfile.inline key 'shop.py'").contains("ShopUser.java");
    }

    @Test
    void aConfigMapKeyNamesAJavaFileOrAJar() {
        LoadTestSpec spec = valid();
        ConfigMapLoadfile cm = new ConfigMapLoadfile();
        cm.setName("shop");
        spec.getLoadfile().setInline(null);
        spec.getLoadfile().setConfigMap(cm);
        for (String ok : List.of("ShopUser.java", "loadtest.jar", "shop-loadtest-1.0.jar")) {
            cm.setKey(ok);
            assertThat(SpecValidation.errors(spec)).as(ok).isEmpty();
        }
        for (String bad : List.of("users.csv", "lib/shop.jar", "shop.zip")) {
            cm.setKey(bad);
            assertThat(SpecValidation.errors(spec)).as(bad).singleElement().asString()
                    .contains("spec.loadfile.configMap.key").contains("'" + bad + "'").contains("loadtest.jar");
        }
    }

    @Test
    void timespansAndThresholdsAreCheckedWithTheFieldNamed() {
        LoadTestSpec spec = valid();
        spec.setRunTime("ten minutes");
        Threshold noBound = new Threshold();
        noBound.setMetric(ThresholdMetric.p95);
        Threshold ok = new Threshold();
        ok.setMetric(ThresholdMetric.failureRatio);
        ok.setBelow(0.01);
        spec.setThresholds(List.of(ok, noBound));
        assertThat(SpecValidation.errors(spec)).containsExactly(
                "spec.runTime: 'ten minutes' is not a timespan; use e.g. 90, 90s, 3m, 1h30m",
                "spec.thresholds[1] needs 'below' or 'above' (or both), e.g. below: 300");
    }

    @Test
    void spawnRateAndHostMustMakeSense() {
        LoadTestSpec spec = valid();
        spec.setSpawnRate(0.0);
        spec.setHost("shop.svc:8080");
        assertThat(SpecValidation.errors(spec)).hasSize(2)
                .anySatisfy(e -> assertThat(e).startsWith("spec.spawnRate must be above 0"))
                .anySatisfy(e -> assertThat(e).startsWith("spec.host must be a base URL"));
    }

    @Test
    void httpVersionIsOneOfTheTwoTheClientSpeaks() {
        LoadTestSpec spec = valid();
        for (String ok : List.of("1.1", "2")) {
            spec.setHttpVersion(ok);
            assertThat(SpecValidation.errors(spec)).as(ok).isEmpty();
        }
        spec.setHttpVersion("3");
        assertThat(SpecValidation.errors(spec)).containsExactly(
                "spec.httpVersion: '3' is not an HTTP version; use 1.1 or 2, e.g. httpVersion: \"2\"");
    }
}
