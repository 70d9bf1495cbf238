package io.github.threadpool.sample;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The body of {@code POST /pools/{pool}/jobs}. {@code durationMs} is required; {@code fail} defaults to false
 * and {@code label} to {@code job}. Types are strict (see {@link StrictInput}): {@code "100"} or {@code 1.5} is
 * not a duration, {@code 1} is not {@code true}.
 */
record JobRequest(@Nullable Long durationMs, @Nullable Boolean fail,
        @JsonDeserialize(using = StrictInput.Text.class) @Nullable String label) {

    /** A good body, shown when a body cannot be read. */
    static final String EXAMPLE = "{\"durationMs\": 200, \"fail\": false, \"label\": \"report-42\"}";

    static final long MAX_DURATION_MS = 60_000;

    static final int MAX_LABEL_LENGTH = 100;

    /** The job this request describes, or an {@link InvalidJobRequestException} naming what is wrong. */
    DemoJob toJob() {
        if (this.durationMs == null) {
            throw new InvalidJobRequestException("durationMs is required: a whole number of milliseconds from 0 to "
                    + MAX_DURATION_MS);
        }
        if (this.durationMs < 0 || this.durationMs > MAX_DURATION_MS) {
            throw new InvalidJobRequestException("durationMs must be from 0 to " + MAX_DURATION_MS + ", was "
                    + this.durationMs);
        }
        String name = (this.label != null) ? this.label.strip() : "job";
        if (name.isEmpty() || name.length() > MAX_LABEL_LENGTH) {
            throw new InvalidJobRequestException("label must be 1 to " + MAX_LABEL_LENGTH + " characters, was "
                    + name.length());
        }
        return new DemoJob(name, this.durationMs, Boolean.TRUE.equals(this.fail));
    }

}
