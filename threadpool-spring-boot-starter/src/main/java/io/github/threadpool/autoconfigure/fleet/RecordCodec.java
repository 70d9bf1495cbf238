package io.github.threadpool.autoconfigure.fleet;

import java.time.Instant;

import io.github.threadpool.autoconfigure.JobRecord;
import io.github.threadpool.core.JobResult;
import io.github.threadpool.core.JobStatus;
import org.jspecify.annotations.Nullable;

/**
 * A job's record as one Redis string: ten fields separated by the unit separator ({@code U+001F}), in
 * this order — format version ({@code 1}), status, instance number, instance name, worker, submitted,
 * started and finished times (nanoseconds since the epoch, exact until 2262; empty when not yet), error type, and the value
 * of a succeeded job or the message of a failed one. Text fields that may be absent carry a leading
 * {@code =} when present, so that absent and empty differ. A unit separator inside a text is written as a
 * space. One string rather than a hash: a write is one {@code SET}, which costs Redis less than an
 * {@code HSET} of ten fields and a {@code PEXPIRE}, and a read one {@code GET}.
 */
final class RecordCodec {

    private static final char SEPARATOR = '\u001F';

    private static final String VERSION = "1";

    private static final int FIELDS = 10;

    private final FleetValueSerializer serializer;

    private final int maxValueLength;

    RecordCodec(FleetValueSerializer serializer, int maxValueLength) {
        this.serializer = serializer;
        this.maxValueLength = maxValueLength;
    }

    /** The job's record as it stands now. */
    String encode(JobResult job, String instance, long instanceNumber) {
        JobStatus status = job.status();
        StringBuilder out = new StringBuilder(128);
        out.append(VERSION).append(SEPARATOR).append(status.name()).append(SEPARATOR).append(instanceNumber)
            .append(SEPARATOR);
        text(out, instance);
        text(out, job.workerName());
        nanos(out, job.submittedAt());
        nanos(out, job.startedAt());
        nanos(out, status.isTerminal() ? job.finishedAt() : null);
        String errorType = null;
        String detail = null;
        if (status == JobStatus.SUCCEEDED) {
            detail = cut(valueText(job.value()));
        }
        else if (status == JobStatus.FAILED) {
            Throwable error = job.error();
            if (error != null) {
                errorType = error.getClass().getName();
                detail = cut(error.getMessage());
            }
        }
        text(out, errorType);
        if (detail != null) {
            out.append('=').append(detail.replace(SEPARATOR, ' '));
        }
        return out.toString();
    }

    /** The record read back; null if the text is not a record of this format. */
    static @Nullable JobRecord decode(String pool, long id, String record) {
        String[] f = record.split(String.valueOf(SEPARATOR), -1);
        if (f.length != FIELDS || !VERSION.equals(f[0])) {
            return null;
        }
        JobStatus status = JobStatus.valueOf(f[1]);
        String detail = text(f[9]);
        boolean failed = status == JobStatus.FAILED;
        Instant submitted = instant(f[5]);
        String instance = text(f[3]);
        if (submitted == null || instance == null) {
            return null;
        }
        return JobRecord.mirrored(pool, id, status, instance, text(f[4]), submitted, instant(f[6]),
                instant(f[7]), (status == JobStatus.SUCCEEDED) ? detail : null, text(f[8]), failed ? detail : null);
    }

    /** The instance number a record names; -1 if none. */
    static long instanceNumber(String record) {
        int start = record.indexOf(SEPARATOR, record.indexOf(SEPARATOR) + 1) + 1;
        int end = record.indexOf(SEPARATOR, start);
        return (start > 0 && end > start) ? Long.parseLong(record, start, end, 10) : -1L;
    }

    private @Nullable String valueText(@Nullable Object value) {
        if (value == null) {
            return null; // a job that returned nothing has no value, not the word null
        }
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

    private static void text(StringBuilder out, @Nullable String text) {
        if (text != null) {
            out.append('=').append(text.replace(SEPARATOR, ' '));
        }
        out.append(SEPARATOR);
    }

    private static void nanos(StringBuilder out, @Nullable Instant instant) {
        if (instant != null) {
            out.append(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano()));
        }
        out.append(SEPARATOR);
    }

    private static @Nullable String text(String field) {
        return field.isEmpty() ? null : field.substring(1);
    }

    private static @Nullable Instant instant(String field) {
        if (field.isEmpty()) {
            return null;
        }
        long nanos = Long.parseLong(field);
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
