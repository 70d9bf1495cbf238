package io.github.threadpool.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

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
        assertThat(field(json, "threadpool.shutdown.await-termination", "defaultValue")).containsExactly("20s");
        assertThat(field(json, "threadpool.queue-capacity", "defaultValue")).containsExactly(1000);
        assertThat(field(json, "threadpool.workers", "description").get(0).toString())
            .startsWith("Number of worker threads.");
    }

    private static List<Object> field(String json, String property, String field) {
        return JsonPath.read(json, "$.properties[?(@.name == '" + property + "')]." + field);
    }

}
