package io.github.threadpool.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
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
        properties = { "threadpool.pools.reports.workers=2", "threadpool.pools.emails.workers=1",
                "threadpool.pools.reports.shutdown.await-termination=1s",
                "threadpool.pools.emails.shutdown.await-termination=1s" })
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
                "--disable-sync", "--window-size=1500,1700", "--user-data-dir=" + this.profile);
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
    void plotsEveryPoolAndTheChartsGainPointsAsJobsRun() throws IOException {
        this.browser.get("http://localhost:" + this.port + "/");
        WebDriverWait wait = new WebDriverWait(this.browser, PATIENCE);
        wait.until((b) -> text("status").equals("LIVE"));
        resize("reports", 3);
        wait.until((b) -> text("form-message").startsWith("Refused (401): log in as the demo user"));
        logIn(); // as the tour says: values in the results table, and resizing, need the demo user
        resize("reports", 2);
        wait.until((b) -> text("form-message").startsWith("Resized"));
        wait.until((b) -> text("status").equals("LIVE"));
        assertThat(this.browser.findElement(By.id("error-banner")).isDisplayed()).isFalse();
        wait.until((b) -> pools().containsAll(List.of("reports", "emails")));
        for (String pool : List.of("reports", "emails")) {
            assertThat(this.browser.findElements(By.cssSelector(".pool[data-pool='" + pool + "'] .chart canvas")))
                .as("%s: a canvas per chart", pool).hasSize(5);
        }
        long pointsBefore = points("reports");

        batch("reports", 10, 1500);
        wait.until((b) -> text("form-message").startsWith("Accepted 10 of 10 jobs in reports"));
        batch("emails", 4, 1000);
        wait.until((b) -> text("form-message").startsWith("Accepted 4 of 4 jobs in emails"));

        // The charts plot what the pools do: both reports workers busy with a queue behind them, emails busy.
        wait.until((b) -> max("reports", "workers", "busy") == 2 && max("reports", "queue", "depth") > 0
                && max("emails", "workers", "busy") == 1);
        assertThat(max("reports", "queue", "capacity")).isEqualTo(200);
        screenshot("dashboard-busy.png");

        // Then jobs finish: throughput, and the run time percentiles of 1.5 s jobs.
        wait.until((b) -> max("reports", "throughput", "succeeded") > 0 && max("emails", "throughput", "succeeded") > 0);
        wait.until((b) -> max("reports", "run", "p50") >= 1000 && max("reports", "wait", "p99") > 0);
        new Select(this.browser.findElement(By.id("pool-select"))).selectByValue("reports");
        wait.until((b) -> text("results-pool").equals("reports")
                && b.findElements(By.cssSelector("#results tbody td.SUCCEEDED")).size() >= 2);
        assertThat(this.browser.findElement(By.cssSelector("#results tbody tr")).getText())
            .contains("reports-worker-", "done in 1500 ms");
        assertThat(points("reports")).as("a point a second").isGreaterThan(pointsBefore + 2);
        wait.until((b) -> this.browser.findElement(By.cssSelector(".pool[data-pool='reports'] .summary")).getText()
            .contains("10 succeeded"));
        screenshot("dashboard.png");
    }

    @Test
    void keepsABoundedHistoryPerSeries() {
        this.browser.get("http://localhost:" + this.port + "/?history=3"); // 3 points instead of 300
        WebDriverWait wait = new WebDriverWait(this.browser, PATIENCE);
        wait.until((b) -> pools().contains("reports") && points("reports") == 3);
        long polls = polls();
        wait.until((b) -> polls() >= polls + 3); // three more polls: each added a point and dropped the oldest
        for (String pool : List.of("reports", "emails")) {
            assertThat(points(pool)).as(pool).isEqualTo(3);
            assertThat(sizeOf(pool, "throughput", "succeeded")).as(pool).isEqualTo(3);
            assertThat(sizeOf(pool, "run", "p99")).as(pool).isEqualTo(3);
        }
    }

    @Test
    void dropsThePlotsAndHistoryOfAPoolThatGoesAway() {
        this.browser.get("http://localhost:" + this.port + "/");
        WebDriverWait wait = new WebDriverWait(this.browser, PATIENCE);
        wait.until((b) -> pools().containsAll(List.of("reports", "emails")));
        // From now on the endpoint's list leaves out emails, as if the application had dropped that pool.
        script("""
                const fetched = window.fetch;
                window.fetch = (url, options) => fetched(url, options).then((response) => {
                  if (String(url) !== '/actuator/threadpool') { return response; }
                  return response.json().then((list) => new Response(JSON.stringify(
                    { pools: list.pools.filter((p) => p.name !== 'emails') }), { status: 200 }));
                });""");
        wait.until((b) -> !pools().contains("emails"));
        assertThat(this.browser.findElements(By.cssSelector(".pool[data-pool='emails']"))).isEmpty();
        assertThat(this.browser.findElements(By.cssSelector(".pool[data-pool='reports'] .chart canvas"))).hasSize(5);
        assertThat(this.browser.findElements(By.cssSelector(".uplot"))).as("no chart left behind").hasSize(5);
    }

    @Test
    void saysSoWhenTheEndpointCannotBeReached() throws IOException {
        Path page = Path.of("src/main/resources/static/index.html").toAbsolutePath();
        this.browser.get(page.toUri().toString()); // no server behind a file: URL
        new WebDriverWait(this.browser, PATIENCE).until((b) -> b.findElement(By.id("error-banner")).isDisplayed());
        assertThat(text("status")).isEqualTo("UNREACHABLE");
        assertThat(this.browser.findElement(By.id("error-banner")).getText()).contains("Cannot reach /actuator/threadpool");
        screenshot("dashboard-unreachable.png");
    }

    /** Logs in as the demo user through the login link, back to the dashboard. */
    private void logIn() {
        this.browser.findElement(By.id("login")).click();
        new WebDriverWait(this.browser, PATIENCE).until((b) -> !b.findElements(By.id("username")).isEmpty());
        type("username", JobApiTests.ApiTest.USER);
        type("password", JobApiTests.ApiTest.PASSWORD);
        this.browser.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(this.browser, PATIENCE).until((b) -> text("status").equals("LIVE"));
    }

    private void resize(String pool, int workers) {
        new Select(this.browser.findElement(By.id("pool-select"))).selectByValue(pool);
        type("resize-workers", String.valueOf(workers));
        this.browser.findElement(By.cssSelector("#resize-form button[type=submit], #resize-form input[type=submit]")).click();
    }

    private void batch(String pool, int count, int durationMs) {
        new Select(this.browser.findElement(By.id("pool-select"))).selectByValue(pool);
        type("batch-count", String.valueOf(count));
        type("batch-duration", String.valueOf(durationMs));
        this.browser.findElement(By.id("batch-submit")).click();
    }

    @SuppressWarnings("unchecked")
    private List<String> pools() {
        return (List<String>) script("return window.dashboard ? window.dashboard.pools() : [];");
    }

    private long points(String pool) {
        return ((Number) script("return window.dashboard.points(arguments[0]);", pool)).longValue();
    }

    private long polls() {
        return ((Number) script("return window.dashboard.polls();")).longValue();
    }

    @SuppressWarnings("unchecked")
    private int sizeOf(String pool, String chart, String series) {
        return ((List<Object>) script("return window.dashboard.series(arguments[0], arguments[1], arguments[2]);", pool,
                chart, series)).size();
    }

    /** The largest value a chart's series holds (nulls, such as a first rate, are gaps). */
    @SuppressWarnings("unchecked")
    private double max(String pool, String chart, String series) {
        List<Object> values = (List<Object>) script("return window.dashboard.series(arguments[0], arguments[1], arguments[2]);",
                pool, chart, series);
        return values.stream().filter(Number.class::isInstance).mapToDouble((v) -> ((Number) v).doubleValue()).max().orElse(-1);
    }

    private Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) this.browser).executeScript(script, arguments);
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
        script("window.scrollTo(0, 0);");
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Path shot = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    }

}
