package io.github.threadpool.sample;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar as a new user starts it, with no password set: it prints the demo user's generated
 * password, refuses anonymous writes and hides job values and errors from anonymous readers, while health,
 * Prometheus's scrape and the dashboard stay readable and the demo user may do everything.
 */
class PackagedSampleSecurityIT {

    private static final Pattern GENERATED_PASSWORD = Pattern.compile("Using generated security password: (\\S+)");

    @TempDir
    Path workDir;

    private PackagedSample app;

    @AfterEach
    void stop() {
        if (this.app != null) {
            this.app.close();
        }
    }

    @Test
    void refusesAnonymousWritesAndValuesAndLetsTheDemoUserWithThePrintedPasswordIn() throws Exception {
        this.app = PackagedSample.start(this.workDir);
        Matcher printed = GENERATED_PASSWORD.matcher(Files.readString(this.app.log()));
        assertThat(printed.find()).as("the generated password is printed at start-up").isTrue();
        String demo = "Basic " + Base64.getEncoder()
            .encodeToString(("demo:" + printed.group(1)).getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> anonymousResize = send("POST", "/actuator/threadpool/reports",
                "{\"queueCapacity\": 2147483647}", null);
        assertThat(anonymousResize.statusCode()).isEqualTo(401);
        assertThat(anonymousResize.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                (challenge) -> assertThat(challenge).startsWith("Basic"));
        assertThat(anonymousResize.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith("application/problem+json"));
        assertThat(capacity(null)).as("the anonymous resize changed nothing").isEqualTo(200);
        assertThat(send("POST", "/actuator/threadpool/reports", "{\"queueCapacity\": 300}", "Basic ZGVtbzp3cm9uZw==")
            .statusCode()).as("a wrong password").isEqualTo(401);

        HttpResponse<String> submitted = send("POST", "/pools/reports/jobs",
                "{\"durationMs\": 1, \"label\": \"token=s3cr3t\", \"fail\": true}", null);
        assertThat(submitted.statusCode()).as("submitting demo jobs stays public").isEqualTo(202);
        int id = JsonPath.read(submitted.body(), "$.id");
        await().atMost(Duration.ofSeconds(30))
            .until(() -> send("GET", "/actuator/threadpool/reports/" + id, null, null).body().contains("FAILED"));
        HttpResponse<String> anonymousJob = send("GET", "/actuator/threadpool/reports/" + id, null, null);
        assertThat((String) JsonPath.read(anonymousJob.body(), "$.errorMessage")).isEqualTo("******");
        assertThat(anonymousJob.body()).doesNotContain("s3cr3t");
        assertThat(send("GET", "/pools/reports/jobs/" + id, null, null).statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "/pools/reports/jobs/" + id, null, null).statusCode()).isEqualTo(401);

        assertThat(send("GET", "/actuator/prometheus", null, null).body()).contains("threadpool_jobs_submitted");
        assertThat(send("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/", null, null).statusCode()).isEqualTo(200);

        assertThat(send("POST", "/actuator/threadpool/reports", "{\"queueCapacity\": 300}", demo).statusCode())
            .isEqualTo(200);
        assertThat(capacity(demo)).isEqualTo(300);
        HttpResponse<String> demoJob = send("GET", "/actuator/threadpool/reports/" + id, null, demo);
        assertThat((String) JsonPath.read(demoJob.body(), "$.errorMessage")).contains("s3cr3t");
        assertThat(send("GET", "/pools/reports/jobs/" + id, null, demo).statusCode()).isEqualTo(200);
    }

    private int capacity(@Nullable String authorization) throws Exception {
        return JsonPath.read(send("GET", "/actuator/threadpool/reports", null, authorization).body(),
                "$.configuration.queueCapacity");
    }

    private HttpResponse<String> send(String method, String path, @Nullable String body, @Nullable String authorization)
            throws IOException, InterruptedException {
        return this.app.send(method, path, body, authorization);
    }

}
