package io.github.threadpool.sample;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The body of {@code POST /pools/{pool}/jobs/batch}: {@code count} jobs of {@code durationMs} each (default
 * 1000), every {@code failEvery}-th failing (default 0: none), labelled {@code label-1}, {@code label-2}, ...
 * (default {@code batch}). A body, not query parameters, so that the request needs a JSON content type.
 */
record BatchRequest(@Nullable Integer count, @Nullable Long durationMs, @Nullable Integer failEvery,
        @JsonDeserialize(using = StrictInput.Text.class) @Nullable String label) {

    static final int MAX_COUNT = 1000;

    /** A good body, shown when a body cannot be read. */
    static final String EXAMPLE = "{\"count\": 20, \"durationMs\": 1000, \"failEvery\": 5, \"label\": \"batch\"}";

    /** The count, or an {@link InvalidJobRequestException} naming what is wrong. */
    int validCount() {
        if (this.count == null || this.count < 1 || this.count > MAX_COUNT) {
            throw new InvalidJobRequestException("count must be from 1 to " + MAX_COUNT + ", was " + this.count);
        }
        if (this.failEvery != null && this.failEvery < 0) {
            throw new InvalidJobRequestException("failEvery must be 0 (none fail) or more, was " + this.failEvery);
        }
        return this.count;
    }

    /** The {@code i}-th job (from 1), validated as a single job request is. */
    DemoJob job(int i) {
        int every = (this.failEvery != null) ? this.failEvery : 0;
        return new JobRequest((this.durationMs != null) ? this.durationMs : 1000, every > 0 && i % every == 0,
                ((this.label != null) ? this.label.strip() : "batch") + "-" + i).toJob();
    }

}
