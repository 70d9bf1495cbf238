package io.github.threadpool.autoconfigure.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import io.github.threadpool.core.ThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.threadpool.autoconfigure.ThreadPoolAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A full queue in a web application: 503 with Retry-After and a problem body, for a job submitted in the
 * handler and for an {@code @Async} call, and a flood of refusals logged as one line, without stack traces.
 */
@SpringBootTest(classes = JobRejectedExceptionHandlerWebTests.Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "server.address=127.0.0.1", "threadpool.pools.reports.workers=1",
                "threadpool.pools.reports.queue-capacity=1", "threadpool.async.enabled=true",
                "threadpool.async.pool=reports", "threadpool.web.rejections.retry-after=1500ms" })
@ExtendWith(OutputCaptureExtension.class)
class JobRejectedExceptionHandlerWebTests {

    private static final long WAIT_SECONDS = 30;

    private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("reports")
    ThreadPool reports;

    private final CountDownLatch gate = new CountDownLatch(1);

    @BeforeEach
    void fillThePool() {
        this.reports.submit(() -> this.gate.await(WAIT_SECONDS, TimeUnit.SECONDS));
        await().atMost(WAIT_SECONDS, TimeUnit.SECONDS).until(() -> this.reports.snapshot().workers().busy() == 1);
        this.reports.submit(() -> this.gate.await(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @AfterEach
    void emptyThePool() {
        this.gate.countDown();
        await().atMost(WAIT_SECONDS, TimeUnit.SECONDS).until(() -> this.reports.snapshot().jobs().running() == 0
                && this.reports.snapshot().queue().depth() == 0);
    }

    @Test
    void aJobRefusedInAHandlerAnswers503WithRetryAfterAndAProblemBody() throws Exception {
        assertServiceUnavailable(post("/direct"), "/direct");
    }

    @Test
    void anAsyncCallRefusedAsTaskRejectedExceptionAnswersTheSame() throws Exception {
        assertServiceUnavailable(post("/async"), "/async");
    }

    @Test
    void aFloodOfRefusalsIsLoggedAsOneLineWithoutAStackTrace(CapturedOutput output) throws Exception {
        int before = count(output.getAll(), "Thread pool 'reports' refused");
        for (int i = 0; i < 300; i++) {
            assertThat(post((i % 2 == 0) ? "/direct" : "/async").statusCode()).isEqualTo(503);
        }
        String during = output.getAll();
        assertThat(count(during, "Thread pool 'reports' refused") - before).isLessThanOrEqualTo(1);
        assertThat(during).doesNotContain("core.JobRejectedException:").doesNotContain("TaskRejectedException:")
            .doesNotContain("at io.github.threadpool.core.ThreadPool").doesNotContain("Servlet.service()");
        assertThat(this.reports.snapshot().jobs().rejected()).isGreaterThanOrEqualTo(300);
    }

    @Test
    void isOffWithItsPropertyAndOutsideServletWebApplications() {
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class,
                ThreadPoolWebAutoConfiguration.class))
            .withPropertyValues("threadpool.web.rejections.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(JobRejectedExceptionHandler.class));
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class,
                ThreadPoolWebAutoConfiguration.class))
            .run((context) -> assertThat(context).hasSingleBean(JobRejectedExceptionHandler.class));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class,
                ThreadPoolWebAutoConfiguration.class))
            .run((context) -> assertThat(context).doesNotHaveBean(JobRejectedExceptionHandler.class));
    }

    private static void assertServiceUnavailable(HttpResponse<String> response, String path) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("2");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith("application/problem+json"));
        String body = response.body();
        assertThat((Integer) JsonPath.read(body, "$.status")).isEqualTo(503);
        assertThat((String) JsonPath.read(body, "$.title")).isEqualTo("Service Unavailable");
        assertThat((String) JsonPath.read(body, "$.detail"))
            .isEqualTo("Thread pool 'reports' is at capacity and refused the job; try again later.");
        assertThat((String) JsonPath.read(body, "$.instance")).isEqualTo(path);
        assertThat((String) JsonPath.read(body, "$.pool")).isEqualTo("reports");
        assertThat((String) JsonPath.read(body, "$.reason")).isEqualTo("QUEUE_FULL");
        assertThat(body).doesNotContain("Exception").doesNotContain("capacity 1");
    }

    private HttpResponse<String> post(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
            .timeout(Duration.ofSeconds(WAIT_SECONDS))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int count(String text, String what) {
        Matcher matcher = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableAsync
    static class Application {

        @Bean
        Reports reportsService() {
            return new Reports();
        }

        @Bean
        Controller controller(@Qualifier("reports") ThreadPool reports, Reports service) {
            return new Controller(reports, service);
        }
    }

    static class Reports {

        @Async
        CompletableFuture<String> render() {
            return CompletableFuture.completedFuture("report");
        }
    }

    @RestController
    static class Controller {

        private final ThreadPool reports;

        private final Reports service;

        Controller(ThreadPool reports, Reports service) {
            this.reports = reports;
            this.service = service;
        }

        @PostMapping("/direct")
        long direct() {
            return this.reports.submit(() -> "report").id();
        }

        @PostMapping("/async")
        CompletableFuture<String> async() {
            return this.service.render();
        }
    }
}
