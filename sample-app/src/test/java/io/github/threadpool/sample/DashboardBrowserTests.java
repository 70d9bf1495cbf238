package io.github.threadpool.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromedriver}; nothing
 * is downloaded). Outside CI a machine without them skips the test; under {@code CI=true} it fails.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "threadpool.workers=2", "threadpool.shutdown.await-termination=1s" })
class DashboardBrowserTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @TempDir
    Path profile;

    private WebDriver browser;

    @BeforeEach
    void startBrowser() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String missing = "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)";
            if ("true".equals(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + this.profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
        this.browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() {
        if (this.browser != null) {
            this.browser.quit();
        }
    }

    @Test
    void showsBusyWorkersAFillingQueueAndThenResults() throws IOException {
        this.browser.get("http://localhost:" + this.port + "/");
        WebDriverWait wait = new WebDriverWait(this.browser, PATIENCE);
        wait.until((b) -> text("pool-state").equals("RUNNING"));
        assertThat(this.browser.findElement(By.id("error-banner")).isDisplayed()).isFalse();

        type("batch-count", "10");
        type("batch-duration", "1500");
        this.browser.findElement(By.id("batch-submit")).click();

        wait.until((b) -> text("form-message").startsWith("Accepted 10 of 10 jobs"));
        wait.until((b) -> b.findElements(By.cssSelector("#workers .worker.busy")).size() == 2
                && Integer.parseInt(text("queue-depth")) > 0);
        assertThat(this.browser.findElements(By.cssSelector("#workers .worker.busy")).get(0).getText())
            .contains("demo-worker-", "job #", "running");
        screenshot("dashboard-busy.png");

        wait.until((b) -> b.findElements(By.cssSelector("#results tbody td.SUCCEEDED")).size() >= 2);
        assertThat(this.browser.findElement(By.cssSelector("#results tbody tr")).getText()).contains("done in 1500 ms");
        wait.until((b) -> text("queue-depth").equals("0") && text("count-succeeded").equals("10"));
        screenshot("dashboard.png");
    }

    @Test
    void saysSoWhenTheEndpointCannotBeReached() throws IOException {
        Path page = Path.of("src/main/resources/static/index.html").toAbsolutePath();
        this.browser.get(page.toUri().toString()); // no server behind a file: URL
        new WebDriverWait(this.browser, PATIENCE).until((b) -> b.findElement(By.id("error-banner")).isDisplayed());
        assertThat(text("pool-state")).isEqualTo("UNREACHABLE");
        assertThat(this.browser.findElement(By.id("error-banner")).getText()).contains("Cannot reach /actuator/threadpool");
        screenshot("dashboard-unreachable.png");
    }

    private String text(String id) {
        return this.browser.findElement(By.id(id)).getText().trim();
    }

    private void type(String id, String value) {
        WebElement input = this.browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(value);
    }

    private void screenshot(String name) throws IOException {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Path shot = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    }

}
