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
        return new DemoJob(validLabel(this.label, "job"), validDuration(this.durationMs), Boolean.TRUE.equals(this.fail));
    }

    /** {@code durationMs} if it is in range, else an {@link InvalidJobRequestException}; shared with batches. */
    static long validDuration(long durationMs) {
        if (durationMs < 0 || durationMs > MAX_DURATION_MS) {
            throw new InvalidJobRequestException("durationMs must be from 0 to " + MAX_DURATION_MS + ", was "
                    + durationMs);
        }
        return durationMs;
    }

    /**
     * {@code label} without surrounding spaces, {@code absent} when there is none, else an
     * {@link InvalidJobRequestException}. Shared with batches, which check the label as the client gave it,
     * before the job numbers are appended, so that a label is accepted or refused whatever the count.
     */
    static String validLabel(@Nullable String label, String absent) {
        if (label == null) {
            return absent;
        }
        String name = label.strip();
        if (name.isEmpty()) {
            // Spaces only is a mistake to name as such: "was 0 characters" would contradict what the client sent.
            throw new InvalidJobRequestException("label must be 1 to " + MAX_LABEL_LENGTH
                    + " characters, not only spaces, was \"" + ApiErrors.shorten(label) + "\"");
        }
        if (name.length() > MAX_LABEL_LENGTH) {
            throw new InvalidJobRequestException("label must be 1 to " + MAX_LABEL_LENGTH + " characters, was "
                    + name.length());
        }
        return name;
    }

}
