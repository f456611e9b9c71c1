package dev.loadtest.runner.web;

import dev.loadtest.testcluster.Chromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI in a real browser (Debian's chromium, headless): a test started from the form against the sample
 * target, counts rising, users edited mid-run and followed, stop, then the four CSVs downloaded by the browser
 * and compared with the files {@code --csv} wrote for the same run. Screenshots go to
 * {@code target/web-ui-screenshots/} (docs/web-ui.md shows copies).
 */
class WebUiBrowserIT {

    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "shop", "ShopUser.java");
    private static final Path SCREENSHOTS = Path.of("target", "web-ui-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The runner stays up this long after the stop (--autoquit), for the downloads. */
    private static final int AFTER_STOP_SECONDS = 20;

    private static final long T0 = System.nanoTime();

    /** Progress with elapsed seconds, so a slow step on a loaded machine shows in the test's output. */
    private static void step(String what) {
        System.out.printf("[WebUiBrowserIT %.1fs] %s%n", (System.nanoTime() - T0) / 1e9, what);
    }

    @Test
    void startWatchEditStopAndDownloadFromTheBrowser(@TempDir Path dir) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        String prefix = dir.resolve("run").toString();
        try (OurWebUi ui = OurWebUi.start(AFTER_STOP_SECONDS, "-f", EXAMPLE.toString(), "--sample-target", "-u", "8", "-r", "4",
                "--csv", prefix)) {
            step("runner up, starting chromium");
            try (Chromium chromium = Chromium.start(dir.resolve("profile"))) {
                RemoteWebDriver browser = chromium.driver;
                step("chromium up");
                browser.get("http://127.0.0.1:" + ui.port + "/");
                WebDriverWait wait = new WebDriverWait(browser, WAIT);
                wait.ignoring(StaleElementReferenceException.class);

                // the form is filled from -u, -r and the sample target's -H; start 6 users at 6/s
                assertThat(value(browser, "user_count")).isEqualTo("8");
                assertThat(value(browser, "spawn_rate")).isEqualTo("4");
                assertThat(value(browser, "host")).startsWith("http://127.0.0.1:");
                screenshot(browser, "start-form");
                type(browser, "user_count", "6");
                type(browser, "spawn_rate", "6");
                step("starting the test");
                browser.findElement(By.id("start-button")).click();

                wait.until(text("user-count", "6"));
                long first = waitForAggregatedRequestsAbove(wait, 0);
                long later = waitForAggregatedRequestsAbove(wait, first);
                assertThat(later).as("counts rise while the test runs").isGreaterThan(first);
                assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("running");
                assertThat(browser.findElement(By.id("open-model")).isDisplayed())
                        .as("a closed-model run has no corrected times to show").isFalse();
                screenshot(browser, "statistics");

                step("counts rise");
                // edit users mid-run: the users count follows
                browser.findElement(By.id("edit-test")).click();
                type(browser, "edit_user_count", "2");
                browser.findElement(By.id("edit-button")).click();
                wait.until(text("user-count", "2"));

                step("users edited");
                // the tabs work from the keyboard (arrows), and the charts draw
                browser.findElement(By.id("tab-stats")).click();
                browser.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
                wait.until(d -> "true".equals(d.findElement(By.id("tab-charts")).getAttribute("aria-selected")));
                assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("tab-charts");
                wait.until(d -> d.findElement(By.id("chart-users")).getAttribute("aria-label").contains("Users 2"));
                screenshot(browser, "charts");
                browser.findElement(By.id("tab-failures")).click();
                browser.findElement(By.id("tab-ratios")).click();
                wait.until(d -> d.findElement(By.id("ratio-total")).getText().contains("ShopUser"));
                screenshot(browser, "ratios");

                step("stopping");
                browser.findElement(By.id("stop")).click();
                wait.until(text("status", "stopped"));
                screenshot(browser, "stopped");

                step("stopped");
                // the Download tab's links, fetched by the page after the stop: what --csv wrote for the same run
                browser.findElement(By.id("tab-download")).click();
                screenshot(browser, "downloads");
                assertThat(download(browser, "dl-stats")).isEqualTo(Files.readString(Path.of(prefix + "_stats.csv")));
                assertThat(download(browser, "dl-history"))
                        .isEqualTo(Files.readString(Path.of(prefix + "_stats_history.csv")));
                assertThat(download(browser, "dl-failures"))
                        .isEqualTo(Files.readString(Path.of(prefix + "_failures.csv")));
                assertThat(download(browser, "dl-exceptions"))
                        .isEqualTo(Files.readString(Path.of(prefix + "_exceptions.csv")));
                assertThat(download(browser, "dl-report")).contains("<h1>Test Report for");
                List<String> stats = Files.readAllLines(Path.of(prefix + "_stats.csv"));
                assertThat(Long.parseLong(stats.getLast().split(",")[2])).as("the run's final count")
                        .isGreaterThanOrEqualTo(later);

                step("downloads compared");
                browser.manage().window().setSize(new Dimension(390, 844));
                browser.findElement(By.id("tab-stats")).click();
                screenshot(browser, "phone");
            }
        }
    }

    /**
     * An open-model run (--arrival-rate) shows its corrected times beside the raw ones under the statistics table,
     * and the HTML report behind the Download tab carries the same section.
     */
    @Test
    void anOpenModelRunShowsCorrectedTimesBesideTheRawOnes(@TempDir Path dir) throws Exception {
        try (OurWebUi ui = OurWebUi.start(AFTER_STOP_SECONDS, "-f", EXAMPLE.toString(), "--sample-target", "-u", "4",
                "-r", "4", "--arrival-rate", "20")) {
            try (Chromium chromium = Chromium.start(dir.resolve("profile"))) {
                RemoteWebDriver browser = chromium.driver;
                browser.get("http://127.0.0.1:" + ui.port + "/");
                WebDriverWait wait = new WebDriverWait(browser, WAIT);
                wait.ignoring(StaleElementReferenceException.class);
                browser.findElement(By.id("start-button")).click();
                step("open model: started at 20 iterations/s");

                wait.until(d -> d.findElement(By.id("open-model")).isDisplayed());
                assertThat(browser.findElement(By.id("open-model-counts")).getText())
                        .startsWith("Open model: 20 iterations/s asked, ");
                List<String> headings = browser.findElements(By.cssSelector("#corrected-table th")).stream()
                        .map(WebElement::getText).toList();
                assertThat(headings).containsExactly("Type", "Name", "# Requests", "Median raw", "Median corrected",
                        "95%ile raw", "95%ile corrected", "99%ile raw", "99%ile corrected", "Max raw", "Max corrected");
                // every row, read in one script by textContent: the page replaces the rows on every poll, and a row
                // being replaced reads as empty text through WebElement.getText. Wait for the Aggregated row to have a
                // number in every time column: until a first iteration ends only the on-start logins are counted,
                // and they have no corrected time (they belong to no iteration), so those cells are empty
                Map<String, List<String>> rows = wait.until(d -> {
                    Map<String, List<String>> read = correctedRows(d);
                    List<String> cells = read.get("Aggregated");
                    List<String> products = read.get("/api/products");
                    return cells != null && cells.size() == 11 && cells.get(2).matches("[1-9][0-9]*")
                            && cells.subList(3, 11).stream().allMatch(t -> !t.isEmpty())
                            && products != null && !products.get(10).isEmpty() ? read : null;
                });
                List<String> aggregated = rows.get("Aggregated");
                for (String time : aggregated.subList(3, 11)) {
                    assertThat(Double.parseDouble(time)).as(aggregated.toString()).isPositive();
                }
                // raw is Locust's figure: the statistics table's median, read at the same instant (one poll fills both)
                Object medians = ((JavascriptExecutor) browser).executeScript(
                        "const cell = (t, i) => document.querySelectorAll(t + ' tr.aggregated td')[i].textContent; "
                                + "return [cell('#stats-table', 4), cell('#corrected-table', 3)];");
                assertThat((List<?>) medians).as("Aggregated median: statistics table, corrected table's raw column")
                        .satisfies(m -> assertThat(m.get(1)).isEqualTo(m.get(0)));
                // a request's corrected time counts from its iteration's intended start: never below its raw time.
                // Compared on a task's row: the Aggregated raw column also holds the logins, which have no corrected
                List<String> products = rows.get("/api/products");
                assertThat(Double.parseDouble(products.get(10))).as("max corrected >= max raw: " + products)
                        .isGreaterThanOrEqualTo(Double.parseDouble(products.get(9)));
                screenshot(browser, "open-model");

                browser.findElement(By.id("stop")).click();
                wait.until(text("status", "stopped"));
                browser.findElement(By.id("tab-download")).click();
                assertThat(download(browser, "dl-report"))
                        .contains("Response Times Corrected for Coordinated Omission (ms)", "<th>Median corrected</th>");
                step("open model: corrected times shown and in the report");
            }
        }
    }

    /** The corrected table's rows by name, each row's cells' text. */
    private static Map<String, List<String>> correctedRows(WebDriver d) {
        Object read = ((JavascriptExecutor) d).executeScript(
                "return Array.from(document.querySelectorAll('#corrected-table tbody tr'))"
                        + ".map(r => Array.from(r.cells).map(c => c.textContent));");
        Map<String, List<String>> rows = new HashMap<>();
        for (Object row : (List<?>) read) {
            List<String> cells = ((List<?>) row).stream().map(String::valueOf).toList();
            if (cells.size() > 1) {
                rows.put(cells.get(1), cells);
            }
        }
        return rows;
    }

    private static long waitForAggregatedRequestsAbove(WebDriverWait wait, long floor) {
        // read in one script: the page replaces the table's rows on every poll
        return wait.until(d -> {
            Object text = ((JavascriptExecutor) d).executeScript(
                    "const c = document.querySelectorAll('#stats-table tr.aggregated td'); "
                            + "return c.length > 2 ? c[2].textContent : null;");
            long n = text == null ? 0 : Long.parseLong(text.toString());
            return n > floor ? n : null;
        });
    }

    private static Function<WebDriver, Boolean> text(String id, String expected) {
        return d -> expected.equals(d.findElement(By.id(id)).getText());
    }

    private static String value(WebDriver d, String id) {
        return d.findElement(By.id(id)).getAttribute("value");
    }

    private static void type(WebDriver d, String id, String text) {
        WebElement input = d.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private static void screenshot(RemoteWebDriver browser, String name) throws IOException {
        Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The body behind a download link, fetched by the page itself (the link's own URL, an attachment): headless
     * Chrome's file downloads depend on profile policies, the bytes do not.
     */
    private static String download(RemoteWebDriver browser, String linkId) {
        Object body = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const a = document.getElementById(arguments[0]);
                fetch(a.href).then(r => {
                  if (!(r.headers.get('Content-Disposition') || '').startsWith('attachment')) {
                    done(JSON.stringify('not an attachment: ' + a.href));
                  } else {
                    r.text().then(t => done(JSON.stringify(t)));
                  }
                }, e => done(JSON.stringify('failed: ' + e)));
                """, linkId);
        // as a JSON string: the WebDriver reply would otherwise turn the CSVs' CRLF line ends into LF
        try {
            return WebClient.JSON.readValue(String.valueOf(body), String.class);
        } catch (IOException e) {
            throw new AssertionError("not a JSON string: " + body, e);
        }
    }
}
