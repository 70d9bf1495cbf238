package io.github.threadpool.autoconfigure.fleet;

import org.jspecify.annotations.Nullable;

/**
 * How the fleet turns a succeeded job's value into the text it mirrors to Redis. The default is
 * {@link String#valueOf(Object)}, cut to {@code threadpool.fleet.max-value-length}: a record shows what the
 * value says, never an object another instance would have to deserialise. Define a bean of this type to
 * choose another text (JSON, say, or nothing for sensitive values). Called on the fleet's writer thread,
 * never on a worker.
 */
@FunctionalInterface
public interface FleetValueSerializer {

    /** The text mirrored for {@code value}, never null (a null value is mirrored as none); {@code null} to mirror no value. */
    @Nullable String serialize(Object value);

    /** {@link String#valueOf(Object)}. */
    static FleetValueSerializer toText() {
        return String::valueOf;
    }
}
