package io.github.threadpool.autoconfigure.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.threadpool.autoconfigure.JobRecord;
import io.github.threadpool.core.JobResult;
import io.github.threadpool.core.JobStatus;
import org.jspecify.annotations.Nullable;

/**
 * A job's record as the fields of a Redis hash: {@code status}, {@code instance}, {@code instanceNumber},
 * {@code submittedAt}, and once known {@code worker}, {@code startedAt}, {@code finishedAt}, {@code value}
 * (the {@link FleetValueSerializer}'s text), {@code errorType} and {@code errorMessage}. Times are ISO-8601
 * instants. Fields are only ever added or overwritten as the job moves on, never removed.
 */
final class RecordCodec {

    private final FleetValueSerializer serializer;

    private final int maxValueLength;

    RecordCodec(FleetValueSerializer serializer, int maxValueLength) {
        this.serializer = serializer;
        this.maxValueLength = maxValueLength;
    }

    /** Adds the job's fields, as it stands now, to {@code out} as name, value, name, value...; returns how many pairs. */
    int encode(JobResult job, String instance, long instanceNumber, List<String> out) {
        JobStatus status = job.status();
        int pairs = 0;
        pairs += put(out, "status", status.name());
        pairs += put(out, "instance", instance);
        pairs += put(out, "instanceNumber", Long.toString(instanceNumber));
        pairs += put(out, "submittedAt", text(job.submittedAt()));
        pairs += put(out, "worker", job.workerName());
        pairs += put(out, "startedAt", text(job.startedAt()));
        if (status.isTerminal()) {
            pairs += put(out, "finishedAt", text(job.finishedAt()));
        }
        if (status == JobStatus.SUCCEEDED) {
            pairs += put(out, "value", cut(valueText(job.value())));
        }
        else if (status == JobStatus.FAILED) {
            Throwable error = job.error();
            if (error != null) {
                pairs += put(out, "errorType", error.getClass().getName());
                pairs += put(out, "errorMessage", cut(error.getMessage()));
            }
        }
        return pairs;
    }

    /** The record read back from its hash; null if the hash is empty or not a record. */
    static @Nullable JobRecord decode(String pool, long id, Map<String, String> fields) {
        String status = fields.get("status");
        String submittedAt = fields.get("submittedAt");
        String instance = fields.get("instance");
        if (status == null || submittedAt == null || instance == null) {
            return null;
        }
        return JobRecord.mirrored(pool, id, JobStatus.valueOf(status), instance, fields.get("worker"),
                Instant.parse(submittedAt), instant(fields.get("startedAt")), instant(fields.get("finishedAt")),
                fields.get("value"), fields.get("errorType"), fields.get("errorMessage"));
    }

    /** The instance number a record names; -1 if it names none. */
    static long instanceNumber(Map<String, String> fields) {
        String number = fields.get("instanceNumber");
        return (number != null) ? Long.parseLong(number) : -1L;
    }

    private @Nullable String valueText(@Nullable Object value) {
        try {
            return this.serializer.serialize(value);
        }
        catch (RuntimeException ex) {
            return "(not serialisable: " + ex.getClass().getName() + ")";
        }
    }

    private @Nullable String cut(@Nullable String text) {
        if (text == null || text.length() <= this.maxValueLength) {
            return text;
        }
        return text.substring(0, this.maxValueLength) + "…";
    }

    private static int put(List<String> out, String name, @Nullable String value) {
        if (value == null) {
            return 0;
        }
        out.add(name);
        out.add(value);
        return 1;
    }

    private static @Nullable String text(@Nullable Instant instant) {
        return (instant != null) ? instant.toString() : null;
    }

    private static @Nullable Instant instant(@Nullable String text) {
        return (text != null) ? Instant.parse(text) : null;
    }
}
