package dev.loadtest.testcluster;

import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's chromium driven by Debian's chromedriver (packages {@code chromium}, {@code chromium-driver}), named
 * explicitly so that Selenium Manager never looks for or downloads either; headless, with a fresh profile and
 * no background traffic, so the tests' network stays 127.0.0.1. A plain WebDriver session: ChromeDriver's own
 * class also opens a DevTools websocket, which timed out here for a minute at a time, and the tests need none.
 * Here, beside the test cluster, so that runner-image's and the operator's browser tests share one copy.
 */
public final class Chromium implements AutoCloseable {

    private static final File BROWSER = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");

    private final ChromeDriverService service;
    /** The browser's WebDriver session. */
    public final RemoteWebDriver driver;

    private Chromium(ChromeDriverService service, RemoteWebDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** A headless browser with a 1280x800 window and a fresh profile in {@code profile}. */
    public static Chromium start(Path profile) throws IOException {
        if (!BROWSER.canExecute() || !DRIVER.canExecute()) {
            throw new AssertionError("need " + BROWSER + " and " + DRIVER
                    + ": install Debian's packages: apt-get install chromium chromium-driver");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-default-browser-check", "--window-size=1280,800",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
                .usingAnyFreePort().withTimeout(Duration.ofSeconds(60)).build();
        service.start();
        try {
            RemoteWebDriver driver = new RemoteWebDriver(service.getUrl(), options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            return new Chromium(service, driver);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
