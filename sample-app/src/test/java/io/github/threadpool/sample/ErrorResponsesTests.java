package io.github.threadpool.sample;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad request gets the same kind of answer — an RFC 9457 problem detail with a status that says what
 * kind of wrong it is — whether Spring MVC, a filter or Tomcat itself refuses it. Over real HTTP, because
 * the container's part is what is being tested.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "threadpool.pools.reports.shutdown.await-termination=1s",
                    "threadpool.pools.emails.shutdown.await-termination=1s" })
class ErrorResponsesTests extends JobApiTests.ApiTest {

    static final String JOBS = "/pools/" + POOL + "/jobs";

    private long before;

    @BeforeEach
    void countSubmitted() {
        this.before = submitted();
    }

    private long submitted() {
        return this.pool.snapshot().jobs().submitted();
    }

    // --- strict JSON types ---

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"durationMs": "100"}                  | field 'durationMs': must be a whole number, was a string
            {"durationMs": 1.5}                    | field 'durationMs': must be a whole number, was a decimal number
            {"durationMs": 1, "fail": 1}           | field 'fail': must be true or false, was a whole number
            {"durationMs": 1, "fail": "true"}      | field 'fail': must be true or false, was a string
            {"durationMs": 1, "label": 42}         | field 'label': must be a string, was a whole number
            {"durationMs": 1, "label": true}       | field 'label': must be a string, was a boolean
            {"durationMs": 1, "lable": "x"}        | field 'lable': unknown field; the fields are durationMs, fail, label
            {"durationMs": 1} {"durationMs": 2}    | more JSON follows the body's object; send exactly one object
            {"durationMs": 1                       | not valid JSON: Unexpected end-of-input: expected close marker for Object
            {durationMs: 1}                        | not valid JSON: Unexpected character ('d' (code 100))
            """)
    void refusesAJobBodyWhoseTypesAreNotExactlyRight(String body, String reason) {
        ResponseEntity<String> response = postJson(JOBS, body);
        assertProblem(response, 400, reason);
        assertThat(json(response, "$.detail").toString()).as("no Java or Jackson internals")
            .doesNotContain("Source:", "JsonToken", "DeserializationFeature", "io.github");
        assertThat(json(response, "$.detail").toString()).startsWith("Expected a JSON body such as {\"durationMs\": 200");
        assertThat(submitted()).as("nothing was submitted").isEqualTo(this.before);
    }

    /** Every malformed body is refused in the API's words: no Java type, Jackson token or parser location. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /jobs       | []                                     | the body must be an object, was an array
            /jobs       | 42                                     | the body must be an object, was a whole number
            /jobs       | "x"                                    | the body must be an object, was a string
            /jobs       | true                                   | the body must be an object, was a boolean
            /jobs       | {"durationMs": 99999999999999999999}   | field 'durationMs': must be a whole number from -9223372036854775808 to 9223372036854775807
            /jobs       | {"durationMs": -99999999999999999999}  | field 'durationMs': must be a whole number from -9223372036854775808 to 9223372036854775807
            /jobs       | {"durationMs": []}                     | field 'durationMs': must be a whole number, was an array
            /jobs       | {"durationMs": {}}                     | field 'durationMs': must be a whole number, was an object
            /jobs       | {"durationMs": 1e400}                  | field 'durationMs': must be a whole number, was a decimal number
            /jobs/batch | []                                     | the body must be an object, was an array
            /jobs/batch | {"count": 3000000000}                  | field 'count': must be a whole number from -2147483648 to 2147483647
            /jobs/batch | {"count": 3, "durationMs": [1]}        | field 'durationMs': must be a whole number, was an array
            """)
    void refusesEveryMalformedBodyWithoutJavaTypes(String path, String body, String reason) {
        ResponseEntity<String> response = postJson(JOBS.replace("/jobs", "") + path, body);
        assertProblem(response, 400, reason);
        assertThat(json(response, "$.detail").toString()).as("no Java or Jackson internals")
            .doesNotContain("`", "Source:", "JsonToken", "io.github", "java.", "out of range of", "Cannot deserialize");
        assertThat(submitted()).as("nothing was submitted").isEqualTo(this.before);
    }

    /** Actuator's resize reads its body itself: its refusals carry no Java types either. */
    @ParameterizedTest
    @ValueSource(strings = { "[]", "42", "\"x\"", "{\"workers\": 99999999999}", "{\"workers\": []}",
            "{\"queueCapacity\": {}}", "{\"workers\": ", "{\"workers\": 2} {}" })
    void refusesEveryMalformedResizeBodyWithoutJavaTypes(String body) {
        int workers = this.pool.snapshot().workers().configured();
        ResponseEntity<String> response = postJson("/actuator/threadpool/" + POOL, body);
        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(json(response, "$.detail").toString()).as("no Java or Jackson internals")
            .doesNotContain("`", "Source:", "JsonToken", "io.github", "java.", "Cannot deserialize", "Exception");
        assertThat(this.pool.snapshot().workers().configured()).isEqualTo(workers);
    }

    @Test
    void refusesABatchBodyWithTheBatchExample() {
        ResponseEntity<String> response = postJson(JOBS + "/batch", "{\"count\": \"3\"}");
        assertProblem(response, 400, "field 'count': must be a whole number, was a string");
        assertThat(json(response, "$.detail").toString()).startsWith("Expected a JSON body such as {\"count\": 20");
    }

    // --- ids and numbers in paths and queries ---

    @ParameterizedTest
    @ValueSource(strings = { "0x10", "+1", "-1", "1.0", "1e3", "99999999999999999999" })
    void acceptsOnlyPlainDecimalDigitsAsAJobId(String id) {
        postJson(JOBS, "{\"durationMs\": 0}"); // job 1 exists, so a lenient parse would find it
        ResponseEntity<String> response = get(JOBS + "/" + id);
        assertProblem(response, 400, "'id' must be plain decimal digits (0-9) up to 9223372036854775807, was '");
    }

    /** A literal '%' in a path segment is sent encoded, as %25, which Spring Security's firewall refuses first. */
    @ParameterizedTest
    @ValueSource(strings = { "%2310", "%EF%BC%91%EF%BC%96", "%201" })
    void refusesAnEncodedPercentInAJobIdWithTheFirewallsReason(String id) {
        ResponseEntity<String> response = get(JOBS + "/" + id);
        assertProblem(response, 400, "The request was rejected because the URL contained a potentially malicious String");
    }

    @Test
    void acceptsOnlyPlainDecimalDigitsInAQuery() {
        assertProblem(get(JOBS + "/results?max=0x10"), 400, "max must be a whole number from 1 to 1000, was '0x10'");
        assertProblem(get(JOBS + "/results?max=%EF%BC%91%EF%BC%96"), 400, "max must be a whole number from 1 to 1000");
        assertProblem(get(JOBS + "/results?max=3000000000"), 400, "was '3000000000'");
    }

    @Test
    void answers404ForAnUnknownPoolJobOrPath() {
        assertProblem(get("/pools/nope/jobs/1"), 404, "No pool 'nope'; the pools are ");
        assertProblem(postJson("/pools/nope/jobs", "{\"durationMs\": 1}"), 404, "No pool 'nope'");
        assertProblem(get(JOBS + "/123456789"), 404, "No job 123456789 in pool '" + POOL + "'");
        assertProblem(get("/no/such/page"), 404, "No static resource");
        assertProblem(get("/error"), 404, "Not Found");
    }

    // --- methods ---

    @ParameterizedTest
    @CsvSource(textBlock = """
            GET,    /jobs/batch,      POST
            DELETE, /jobs/batch,      POST
            GET,    /jobs,            POST
            PUT,    /jobs,            POST
            PUT,    /jobs/1,          'DELETE, GET'
            POST,   /jobs/1,          'DELETE, GET'
            DELETE, /jobs/results,    GET
            """)
    void answers405WithAllowForAMethodAPathDoesNotHave(String method, String path, String allowed) {
        ResponseEntity<String> response = client().method(HttpMethod.valueOf(method)).uri(JOBS.replace("/jobs", "") + path)
            .contentType(MediaType.APPLICATION_JSON)
            .body("{}")
            .retrieve()
            .toEntity(String.class);
        assertProblem(response, 405, "Method '" + method + "' is not supported");
        // Spring lists the methods in no fixed order: compare them as a set.
        assertThat(String.valueOf(response.getHeaders().getFirst(HttpHeaders.ALLOW)).split(",\\s*"))
            .containsExactlyInAnyOrder(allowed.split(",\\s*"));
    }

    @Test
    void answers405OnTheDashboardAndActuatorToo() {
        ResponseEntity<String> page = client().put().uri("/").retrieve().toEntity(String.class);
        assertProblem(page, 405, "Method 'PUT' is not supported");
        ResponseEntity<String> endpoint = client().delete().uri("/actuator/health").retrieve().toEntity(String.class);
        assertProblem(endpoint, 405, "Method 'DELETE' is not supported");
    }

    // --- content types: the CSRF stance ---

    @ParameterizedTest
    @CsvSource(textBlock = """
            /jobs,       text/plain
            /jobs,       application/x-www-form-urlencoded
            /jobs,       multipart/form-data; boundary=x
            /jobs/batch, text/plain
            /jobs/batch, application/x-www-form-urlencoded
            """)
    void refusesAWriteWhoseBodyIsNotJsonAsACrossSiteFormWouldSendIt(String path, String contentType) {
        ResponseEntity<String> response = client().post().uri(JOBS.replace("/jobs", "") + path)
            .header(HttpHeaders.CONTENT_TYPE, contentType)
            .body("{\"durationMs\": 1, \"count\": 1}")
            .retrieve()
            .toEntity(String.class);
        assertProblem(response, 415, "is not supported");
        assertThat(submitted()).isEqualTo(this.before);
    }

    @Test
    void actuatorsResizeStillTakesJsonNumbersTheSamplesStrictTypesAreItsOwn() {
        ResponseEntity<String> resized = postJson("/actuator/threadpool/emails", "{\"workers\": 3, \"queueCapacity\": 60}");
        assertThat(resized.getStatusCode().value()).as(resized.getBody()).isEqualTo(200);
        assertThat((Integer) json(resized, "$.configuration.workers")).isEqualTo(3);
        assertThat(postJson("/actuator/threadpool/emails", "{\"workers\": 2, \"queueCapacity\": 50}").getStatusCode().value())
            .isEqualTo(200);
    }

    @Test
    void actuatorsOwnErrorAnswersAreProblemDetailsToo() {
        assertProblem(get("/actuator/threadpool/nope"), 404, "No pool 'nope'; the pools are ");
        assertProblem(get("/actuator/threadpool/nope/1"), 404, "No pool 'nope'; the pools are ");
        assertProblem(get("/actuator/threadpool/" + POOL + "/123456789"), 404, "No job 123456789 in pool '" + POOL + "'");
        assertProblem(get("/actuator/health/threadpool/nope"), 404, "No pool 'nope'; the pools are ");
        assertProblem(postJson("/actuator/threadpool/" + POOL, "{}"), 400, "Give workers, queueCapacity or both");
        ResponseEntity<String> health = get("/actuator/health");
        assertThat(health.getStatusCode().value()).isEqualTo(200);
        assertThat(health.getBody()).contains("\"threadpool\"").doesNotContain("\"detail\"");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0x10", "%2310", "+16", "%EF%BC%91%EF%BC%96", "abc", "16.0", "99999999999999999999" })
    void actuatorAcceptsOnlyPlainDecimalDigitsAsAJobIdAndSaysSo(String id) {
        while (submitted() < 16) {
            postJson(JOBS, "{\"durationMs\": 0}"); // job 16 exists, so a lenient parse would find it
        }
        // As sent: a URI, so that the percent-encoding is not encoded again.
        ResponseEntity<String> response = client().get()
            .uri(URI.create("http://localhost:" + this.port + "/actuator/threadpool/" + POOL + "/" + id))
            .retrieve()
            .toEntity(String.class);
        assertProblem(response, 400, "job id must be a whole number from 1 to 9223372036854775807, was '");
    }

    @Test
    void actuatorsResizeNamesAValueThatIsNotAWholeNumber() {
        int workers = this.pool.snapshot().workers().configured();
        assertProblem(postJson("/actuator/threadpool/" + POOL, "{\"workers\": \"x\"}"), 400,
                "workers must be a whole number between 1 and 16 (maxWorkers), was \"x\"");
        assertProblem(postJson("/actuator/threadpool/" + POOL, "{\"queueCapacity\": \"lots\"}"), 400,
                "queueCapacity must be a whole number from 1 to 2147483647, was \"lots\"");
        assertThat(this.pool.snapshot().workers().configured()).isEqualTo(workers);
    }

    @Test
    void actuatorsResizeRefusesAFormToo() {
        int workers = this.pool.snapshot().workers().configured();
        ResponseEntity<String> response = client().post().uri("/actuator/threadpool/" + POOL)
            .header(HttpHeaders.CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body("workers=3")
            .retrieve()
            .toEntity(String.class);
        assertProblem(response, 415, "is not supported");
        assertThat(this.pool.snapshot().workers().configured()).isEqualTo(workers);
    }

    @Test
    void grantsNoOtherOriginAPreflightForAJsonWrite() {
        for (String path : List.of(JOBS, JOBS + "/batch", "/actuator/threadpool/" + POOL)) {
            ResponseEntity<String> preflight = client().options().uri(path)
                .header(HttpHeaders.ORIGIN, "http://elsewhere.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
                .retrieve()
                .toEntity(String.class);
            assertThat(preflight.getHeaders().get(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).as(path).isNull();
        }
    }

    @Test
    void refusesAWriteWithNoContentTypeAtAll() {
        assertProblem(post(JOBS + "/batch"), 415, "is not supported");
        assertProblem(post(JOBS), 415, "is not supported");
        assertThat(submitted()).isEqualTo(this.before);
    }

    // --- the sample's hint stays on the sample's endpoints ---

    @Test
    void aMalformedBodyForActuatorGetsNoJobHint() {
        ResponseEntity<String> response = postJson("/actuator/threadpool/" + POOL, "{\"workers\": ");
        assertProblem(response, 400, "Unexpected end-of-input");
        assertThat(response.getBody()).doesNotContain("durationMs", "Expected a JSON body");
    }

    // --- size ---

    @Test
    void refusesAHugeDeclaredBodyWithoutReadingIt() throws Exception {
        long huge = 200L * 1024 * 1024;
        RawHttp.Streamed streamed = RawHttp.streamBody(this.port, "POST " + JOBS + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + huge + "\r\n\r\n", huge);
        assertThat(streamed.response().status()).isEqualTo(413);
        assertThat(streamed.response().contentType()).startsWith("application/problem+json");
        assertThat(streamed.response().body()).contains("\"status\":413",
                "The request body is 209715200 bytes; this API accepts at most " + RequestSizeLimit.MAX_BODY_BYTES + " bytes");
        assertThat(streamed.bodyBytesSent()).as("the server stopped taking the body long before its end")
            .isLessThan(huge / 4);
    }

    @Test
    void refusesAnOverlongChunkedBodyAtTheBound() {
        String label = "x".repeat(RequestSizeLimit.MAX_BODY_BYTES);
        ResponseEntity<String> response = client().post().uri(JOBS).contentType(MediaType.APPLICATION_JSON)
            .header(HttpHeaders.TRANSFER_ENCODING, "chunked")
            .body("{\"durationMs\": 1, \"label\": \"" + label + "\"}")
            .retrieve()
            .toEntity(String.class);
        assertProblem(response, 413, "The request body is more than 16384 bytes; this API accepts at most 16384 bytes");
    }

    @Test
    void acceptsABodyAtTheBoundAndRefusesOneByteMore() {
        assertThat(postJson(JOBS, bodyOfLength(RequestSizeLimit.MAX_BODY_BYTES)).getStatusCode().value()).isEqualTo(202);
        assertProblem(postJson(JOBS, bodyOfLength(RequestSizeLimit.MAX_BODY_BYTES + 1)), 413,
                "The request body is 16385 bytes; this API accepts at most 16384 bytes");
    }

    private static String bodyOfLength(int length) {
        String body = "{\"durationMs\": 0, \"label\": \"ok\"}";
        return body.replace("}", " ".repeat(length - body.length()) + "}");
    }

    // --- the container's own refusals ---

    @ParameterizedTest
    @ValueSource(strings = { "GET /pools/p/jobs/a|b HTTP/1.1\r\nHost: x\r\n", "GET /pools/p/jobs/%zz HTTP/1.1\r\nHost: x\r\n",
            "GET /pools/p/jobs/a%2Fb HTTP/1.1\r\nHost: x\r\n", "GET /pools/p/jobs/1 HTTP/1.1\r\n",
            "GET /pools/p/jobs/1 HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n", "GET /../etc/passwd HTTP/1.1\r\nHost: x\r\n" })
    void tomcatsOwn400IsAProblemDetailToo(String head) throws Exception {
        RawHttp.Response response = RawHttp.exchange(this.port, head + "Connection: close\r\n\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"title\":\"Bad Request\"", "\"status\":400").doesNotContain("<html");
    }

    @Test
    void aQueryTomcatCannotDecodeIsAProblemDetail() throws Exception {
        RawHttp.Response response = RawHttp.exchange(this.port,
                "GET " + JOBS + "/results?max=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"status\":400", "A query parameter could not be decoded").doesNotContain("timestamp");
    }

    @Test
    void aClientAcceptingOnlyHtmlStillGetsAProblemDetail() {
        ResponseEntity<String> api = client().get().uri(JOBS + "/1").accept(MediaType.TEXT_HTML).retrieve()
            .toEntity(String.class);
        assertProblem(api, 406, "Acceptable representations: [application/json");
        ResponseEntity<String> page = client().get().uri("/no/such/page").accept(MediaType.TEXT_HTML).retrieve()
            .toEntity(String.class);
        assertProblem(page, 404, "No static resource");
        ResponseEntity<String> method = client().put().uri("/").accept(MediaType.TEXT_HTML).retrieve()
            .toEntity(String.class);
        assertProblem(method, 405, "Method 'PUT' is not supported");
        assertThat(List.of(api.getBody(), page.getBody(), method.getBody())).noneMatch((body) -> body.contains("<html"));
    }

}
