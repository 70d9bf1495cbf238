package io.github.threadpool.sample;

import java.util.Collection;

/** No pool of this name: the message lists the pools there are. */
class PoolNotFoundException extends RuntimeException {

    PoolNotFoundException(String name, Collection<String> names) {
        super("No pool '" + ApiErrors.shorten(name) + "'; the pools are " + String.join(", ", names));
    }

}
