package io.github.threadpool.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import java.time.Duration;
import java.util.Locale;

import com.jayway.jsonpath.JsonPath;
import io.github.threadpool.core.ThreadPool;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/** What an IDE completes: every key at the top level, the map of named pools, and the defaults. */
class ConfigurationMetadataTests {

    @Test
    void describesTheTopLevelKeysAndTheMapOfNamedPools() throws IOException {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(field(json, "threadpool.pools", "type"))
            .containsExactly("java.util.Map<java.lang.String,io.github.threadpool.autoconfigure.ThreadPoolProperties$Pool>");
        List<String> names = JsonPath.read(json, "$.properties[*].name");
        assertThat(names).contains("threadpool.workers", "threadpool.max-workers", "threadpool.virtual-threads",
                "threadpool.queue-capacity", "threadpool.rejection-policy", "threadpool.block-timeout",
                "threadpool.results.max-retained", "threadpool.results.time-to-live",
                "threadpool.shutdown.await-termination", "threadpool.async.enabled", "threadpool.async.pool",
                "threadpool.context-propagation.enabled");
        assertThat(field(json, "threadpool.queue-capacity", "type")).containsExactly(QueueCapacity.class.getName());
        assertThat(names).contains("threadpool.thread-name-prefix", "threadpool.web.rejections.enabled",
                "threadpool.web.rejections.retry-after", "threadpool.web.rejections.log-interval");
        assertThat(field(json, "threadpool.workers", "description").get(0).toString())
            .startsWith("Number of worker threads.");
    }

    /** The metadata's defaults are the core builder's constants, which the starter's defaults are. */
    @Test
    void documentsTheCoreBuildersDefaults() throws IOException {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(field(json, "threadpool.name", "defaultValue")).containsExactly(ThreadPool.Builder.DEFAULT_NAME);
        assertThat(field(json, "threadpool.max-workers", "defaultValue")).containsExactly(ThreadPool.DEFAULT_MAX_WORKERS);
        assertThat(field(json, "threadpool.queue-capacity", "defaultValue"))
            .containsExactly(ThreadPool.Builder.DEFAULT_QUEUE_CAPACITY);
        assertThat(field(json, "threadpool.rejection-policy", "defaultValue"))
            .containsExactly(ThreadPool.Builder.DEFAULT_REJECTION_POLICY.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        assertThat(durationDefault(json, "threadpool.block-timeout")).isEqualTo(ThreadPool.Builder.DEFAULT_BLOCK_TIMEOUT);
        assertThat(field(json, "threadpool.results.max-retained", "defaultValue"))
            .containsExactly(ThreadPool.Builder.DEFAULT_MAX_RETAINED_RESULTS);
        assertThat(durationDefault(json, "threadpool.results.time-to-live")).isEqualTo(ThreadPool.Builder.DEFAULT_RESULT_TIME_TO_LIVE);
        assertThat(durationDefault(json, "threadpool.shutdown.await-termination")).isEqualTo(ThreadPool.Builder.DEFAULT_CLOSE_TIMEOUT);
    }

    private static Duration durationDefault(String json, String property) {
        return DurationStyle.detectAndParse(field(json, property, "defaultValue").get(0).toString());
    }

    private static List<Object> field(String json, String property, String field) {
        return JsonPath.read(json, "$.properties[?(@.name == '" + property + "')]." + field);
    }

}
