package io.github.threadpool.autoconfigure.actuate;

import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/**
 * The {@link ThreadPoolEndpoint}'s arguments as they arrive over HTTP — text — parsed strictly. Actuator's
 * own conversion is lenient (it reads {@code 0x10}, {@code #10}, {@code +16} and fullwidth {@code １６} as
 * 16) and refuses what it cannot read with nothing but "Parameter mapping failure"; here a number is plain
 * ASCII decimal digits, and a refusal names the argument, its value as sent and what is accepted.
 */
final class EndpointArguments {

    /** Longest value echoed back: the reason names the value, it does not reflect a whole request. */
    private static final int MAX_ECHO = 64;

    private EndpointArguments() {
    }

    /** A job id: 1 to {@link Long#MAX_VALUE}, as ids are handed out. */
    static long jobId(String text) {
        OptionalLong id = wholeNumber(text, Long.MAX_VALUE);
        if (id.isEmpty() || id.getAsLong() < 1) {
            throw invalid("job id must be a whole number from 1 to " + Long.MAX_VALUE + ", was '" + echo(text) + "'");
        }
        return id.getAsLong();
    }

    /**
     * A worker count, or {@code null} when not given. Only its form is checked here; its range, which is
     * the pool's own, is checked by the resize, which says the same "between 1 and N (maxWorkers)".
     */
    static @Nullable Integer workers(@Nullable String text, int maxWorkers) {
        return optionalInt(text, "workers must be a whole number between 1 and " + maxWorkers + " (maxWorkers)");
    }

    /** A queue capacity, or {@code null} when not given; its lower bound is checked by the resize. */
    static @Nullable Integer queueCapacity(@Nullable String text) {
        return optionalInt(text, "queueCapacity must be a whole number from 1 to " + Integer.MAX_VALUE);
    }

    /** {@code text} as an int if given, {@code null} if not; else a refusal: {@code accepted}, and the value as sent. */
    private static @Nullable Integer optionalInt(@Nullable String text, String accepted) {
        if (text == null) {
            return null;
        }
        OptionalLong value = wholeNumber(text, Integer.MAX_VALUE);
        if (value.isEmpty()) {
            throw invalid(accepted + ", was \"" + echo(text) + "\"");
        }
        return (int) value.getAsLong();
    }

    /** {@code text} as a number if it is ASCII digits only (no sign, prefix, point or space) up to {@code max}. */
    private static OptionalLong wholeNumber(String text, long max) {
        if (text.isEmpty() || !text.chars().allMatch((c) -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        try {
            long value = Long.parseLong(text);
            return (value <= max) ? OptionalLong.of(value) : OptionalLong.empty();
        }
        catch (NumberFormatException ex) { // digits, but past Long.MAX_VALUE
            return OptionalLong.empty();
        }
    }

    private static String echo(String text) {
        return (text.length() <= MAX_ECHO) ? text : text.substring(0, MAX_ECHO) + "…";
    }

    private static InvalidEndpointRequestException invalid(String reason) {
        return new InvalidEndpointRequestException(reason, reason);
    }
}
