package dev.loadtest.runner.results;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunReferenceTest {

    @Test
    void aRunIsNamedWithASlashOrAColonAndItsNamespaceMayBeLeftToTheKubeconfig() {
        assertThat(RunReference.parse("team-a/shop/r-1a2b")).isEqualTo(new RunReference("team-a", "shop", "r-1a2b"));
        assertThat(RunReference.parse("team-a/shop:r-1a2b")).isEqualTo(new RunReference("team-a", "shop", "r-1a2b"));
        assertThat(RunReference.parse("team-a/shop")).isEqualTo(new RunReference("team-a", "shop", null));
        assertThat(RunReference.parse("shop:r-1")).isEqualTo(new RunReference(null, "shop", "r-1"));
        assertThat(RunReference.parse("shop")).isEqualTo(new RunReference(null, "shop", null));
        assertThat(RunReference.parse("team-a/shop").withRun("r-2").toString()).isEqualTo("team-a/shop/r-2");
    }

    @Test
    void anythingElseNamesTheFormsAccepted() {
        for (String bad : new String[] {"", "a/b/c/d", "a/b:", "/shop", "a//r", "a/b/c:d"}) {
            assertThatThrownBy(() -> RunReference.parse(bad)).as(bad)
                    .hasMessageContaining("is not a run: write NAMESPACE/NAME/RUN_ID, NAMESPACE/NAME:RUN_ID");
        }
    }
}
