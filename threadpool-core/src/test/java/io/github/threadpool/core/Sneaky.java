package io.github.threadpool.core;

/** Throws a checked exception from code that declares none, as Kotlin lambdas and {@code @SneakyThrows} do. */
final class Sneaky {

    private Sneaky() {
    }

    static <T> T raise(Throwable failure) {
        Sneaky.<RuntimeException>doRaise(failure);
        return null;
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void doRaise(Throwable failure) throws E {
        throw (E) failure;
    }
}
