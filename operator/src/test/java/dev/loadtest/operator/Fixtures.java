package dev.loadtest.operator;

import dev.loadtest.api.v1alpha1.LoadTest;
import dev.loadtest.api.v1alpha1.LoadTestSpec;
import dev.loadtest.api.v1alpha1.LoadfileSource;

import java.util.Map;

/** LoadTests for unit tests, as the API server would hand them over (uid, generation, defaults). */
public final class Fixtures {

    public static final String SOURCE = "import dev.loadtest.*;\npublic class ShopUser extends HttpUser {}\n";

    private Fixtures() {
    }

    public static LoadTest loadTest(String name) {
        LoadTest lt = new LoadTest();
        lt.getMetadata().setName(name);
        lt.getMetadata().setNamespace("shop");
        lt.getMetadata().setUid("0b4e6d4c-1111-2222-3333-444455556666");
        lt.getMetadata().setGeneration(1L);
        LoadTestSpec spec = new LoadTestSpec();
        spec.setUsers(10);
        spec.setSpawnRate(2.0);
        spec.setRunners(3);
        spec.setRunTime("1m");
        spec.setStopTimeout("0s");
        spec.setHost("http://shop.shop.svc:8080");
        LoadfileSource loadfile = new LoadfileSource();
        loadfile.setInline(Map.of("ShopUser.java", SOURCE));
        spec.setLoadfile(loadfile);
        lt.setSpec(spec);
        return lt;
    }
}
