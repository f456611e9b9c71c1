package dev.loadtest.runner.loadfile;

import dev.loadtest.ArrivalRate;
import dev.loadtest.Task;
import dev.loadtest.User;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArrivalRateAnnotationTest {

    public static class Closed extends User {
        @Task
        void go() {
        }
    }

    @ArrivalRate(150)
    public static class Open extends User {
        @Task
        void go() {
        }
    }

    @ArrivalRate(150)
    public static class AlsoOpen extends User {
        @Task
        void go() {
        }
    }

    @ArrivalRate(20)
    public static class Other extends User {
        @Task
        void go() {
        }
    }

    private static LoadfileModel model(Class<?>... classes) throws LoadfileException {
        return LoadfileModel.of(new CompiledLoadfile("rates", ArrivalRateAnnotationTest.class.getClassLoader(),
                List.of(classes)));
    }

    @Test
    void theLoadfilesRateIsItsClassesAgreedOneOrNoneForTheClosedModel() throws Exception {
        assertThat(model(Closed.class).arrivalRate()).isNull();
        assertThat(model(Closed.class, Open.class).arrivalRate()).isEqualTo(150.0);
        assertThat(model(Open.class, AlsoOpen.class).arrivalRate()).isEqualTo(150.0);
    }

    @Test
    void classesThatDisagreeAreAnErrorNamingBoth() throws Exception {
        assertThatThrownBy(() -> model(Open.class, Other.class).arrivalRate()).isInstanceOf(LoadfileException.class)
                .hasMessageContaining("Open declares @ArrivalRate(150.0) and Other @ArrivalRate(20.0)")
                .hasMessageContaining("--arrival-rate");
        // selecting one class settles it
        assertThat(model(Open.class, Other.class).select(List.of("Other")).arrivalRate()).isEqualTo(20.0);
    }
}
