package dev.loadtest.runner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.control.RunnerInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A runner pod's start ({@code worker}), in process: the control server listens while the loadfile compiles and is
 * ready with the loadfile's classes; a loadfile that does not compile leaves nothing listening and says why. And the
 * image's AOT training run ({@code aot-training}) on the docs' shop example, which the image build depends on.
 */
class WorkerStartIT {

    private static final Path SHOP = Path.of("..", "docs", "examples", "shop", "ShopUser.java");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aStartedWorkerIsReadyWithTheLoadfilesUserClasses() throws Exception {
        try (WorkerCommand.Running worker = WorkerCommand.start(SHOP, "127.0.0.1", 0, "token", "WARNING")) {
            assertThat(worker.failure()).isNull();
            HttpResponse<String> ready = get("http://127.0.0.1:" + worker.port() + "/readyz");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(JSON.readValue(ready.body(), RunnerInfo.class).userClasses())
                    .anySatisfy(c -> assertThat(c.name()).isEqualTo("ShopUser"));
        }
    }

    @Test
    void aLoadfileThatDoesNotCompileLeavesNothingListeningAndSaysWhere(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("Broken.java");
        Files.writeString(broken, "public class Broken extends dev.loadtest.User {\n  int x = ;\n}\n");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (WorkerCommand.Running worker = WorkerCommand.start(broken, "127.0.0.1", port, "token", "WARNING")) {
            assertThat(worker.failure()).contains("Broken.java:2: ");
            assertThat(worker.server()).isNull();
        }
        assertThatThrownBy(() -> get("http://127.0.0.1:" + port + "/healthz")).isInstanceOf(ConnectException.class);
    }

    @Test
    void aWorkerProcessStartsCompilingBeforeItsCommandLineIsParsedAndUsesThatCompilation() throws Exception {
        WorkerCommand.headStart(new String[]{"worker", "--port", "0", "-f", SHOP.toString()});
        assertThat(WorkerCommand.headStartPending()).isTrue();

        try (WorkerCommand.Running worker = WorkerCommand.start(SHOP, "127.0.0.1", 0, "token", "WARNING")) {
            assertThat(WorkerCommand.headStartPending()).as("the head start's compilation was taken").isFalse();
            assertThat(worker.failure()).isNull();
            HttpResponse<String> ready = get("http://127.0.0.1:" + worker.port() + "/readyz");
            assertThat(JSON.readValue(ready.body(), RunnerInfo.class).userClasses())
                    .anySatisfy(c -> assertThat(c.name()).isEqualTo("ShopUser"));
        }
    }

    @Test
    void aHeadStartOfAnotherLoadfileIsNotUsed(@TempDir Path dir) throws Exception {
        Path other = Files.writeString(dir.resolve("Broken.java"), "public class Broken {\n  int x = ;\n}\n");
        WorkerCommand.headStart(new String[]{"worker", "--loadfile=" + other});

        try (WorkerCommand.Running worker = WorkerCommand.start(SHOP, "127.0.0.1", 0, "token", "WARNING")) {
            assertThat(worker.failure()).as("the command line's loadfile compiled afresh").isNull();
        }
        assertThat(WorkerCommand.headStartPending()).as("dropped once the command line named another").isFalse();
        WorkerCommand.headStart(new String[]{"--help"});
        WorkerCommand.headStart(new String[]{"worker", "-f"});
        WorkerCommand.headStart(new String[]{"run", "-f", other.toString()});
        assertThat(WorkerCommand.headStartPending()).as("only a worker with a loadfile gets one").isFalse();
        try (WorkerCommand.Running worker = WorkerCommand.start(other, "127.0.0.1", 0, "token", "WARNING")) {
            assertThat(worker.failure()).as("no head start is left over").contains("Broken.java:2: ");
        }
    }

    @Test
    void withoutATokenTheWorkerRefusesToStart() throws Exception {
        try (WorkerCommand.Running worker = WorkerCommand.start(SHOP, "127.0.0.1", 0, " ", "WARNING")) {
            assertThat(worker.failure()).contains("LOADTEST_TOKEN");
        }
    }

    @Test
    void theAotTrainingRunDrivesAWorkerThroughARunAgainstTheSampleTarget() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = Main.run("aot-training", "-f", SHOP.toString(), "--seconds", "1", "--users", "2");
        } finally {
            System.setOut(out);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        assertThat(printed).containsPattern("AOT training: the sample target served [1-9][0-9]* requests");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
