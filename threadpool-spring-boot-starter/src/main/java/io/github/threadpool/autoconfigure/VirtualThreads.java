package io.github.threadpool.autoconfigure;

import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual-thread factories, reached by reflection: the starter compiles for Java 17, where
 * {@code Thread.ofVirtual()} does not exist. {@link PoolSpecs} refuses {@code virtual-threads=true}
 * below Java 21 at start-up, so {@link #factory} is only called where the API is there.
 */
final class VirtualThreads {

    private VirtualThreads() {
    }

    /** {@code Thread.ofVirtual().name(prefix, 1).factory()}: threads named {@code <prefix>1}, {@code <prefix>2}, ... */
    static ThreadFactory factory(String prefix) {
        try {
            // Through the public interface Thread.Builder, not the JDK's internal class that implements it.
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Method name = builderType.getMethod("name", String.class, long.class);
            builder = name.invoke(builder, prefix, 1L);
            return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("Virtual threads need Java 21 or later; this is Java "
                    + Runtime.version().feature(), ex);
        }
    }
}
