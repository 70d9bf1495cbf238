package io.github.threadpool.sample;

import java.util.List;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The body of {@code POST /pools/{pool}/jobs/batch}: {@code count} jobs of {@code durationMs} each (default
 * 1000), every {@code failEvery}-th failing (default 0: none), labelled {@code label-1}, {@code label-2}, ...
 * (default {@code batch}; the label is checked as given, 1 to {@value JobRequest#MAX_LABEL_LENGTH}
 * characters, before the numbers are appended). A body, not query parameters, so that the request needs a
 * JSON content type.
 */
record BatchRequest(@Nullable Integer count, @Nullable Long durationMs, @Nullable Integer failEvery,
        @JsonDeserialize(using = StrictInput.Text.class) @Nullable String label) {

    static final int MAX_COUNT = 1000;

    /** A good body, shown when a body cannot be read. */
    static final String EXAMPLE = "{\"count\": 20, \"durationMs\": 1000, \"failEvery\": 5, \"label\": \"batch\"}";

    /**
     * Every job of the batch, in order, or an {@link InvalidJobRequestException} naming what is wrong. The
     * whole request is checked here, before anything is submitted: a 400 always means that nothing ran.
     */
    List<DemoJob> toJobs() {
        if (this.count == null || this.count < 1 || this.count > MAX_COUNT) {
            throw new InvalidJobRequestException("count must be from 1 to " + MAX_COUNT + ", was " + this.count);
        }
        if (this.failEvery != null && this.failEvery < 0) {
            throw new InvalidJobRequestException("failEvery must be 0 (none fail) or more, was " + this.failEvery);
        }
        long duration = JobRequest.validDuration((this.durationMs != null) ? this.durationMs : 1000);
        String name = JobRequest.validLabel(this.label, "batch");
        int every = (this.failEvery != null) ? this.failEvery : 0;
        return IntStream.rangeClosed(1, this.count)
            .mapToObj((i) -> new DemoJob(name + "-" + i, duration, every > 0 && i % every == 0))
            .toList();
    }

}
