package io.github.threadpool.core;

import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * Running a job's body, and the shapes a body and its outcome take in {@link PoolJob}'s one
 * {@code payload} field: the body is a {@link Callable}, a {@link Runnable} or a decorated body; the
 * outcome is the value, or a {@link Failure}.
 */
final class JobBody {

    /*
     * Every call into user code here catches Throwable, undeclared checked exceptions included, so a
     * body or a decorator that throws leaves a Failure as its job's outcome and never breaks the
     * caller's bookkeeping. A decorated body gets its wrapper only when the pool has a decorator, so a
     * plain job allocates nothing more than itself.
     */

    private JobBody() {
    }

    /** Runs {@code body}, decorated or not; returns its value, or its failure wrapped. */
    static Object run(Object body) {
        return body instanceof Decorated ? ((Decorated) body).invoke() : invoke(body);
    }

    /** {@code body} wrapped by the pool's {@code decorator}, which is applied here, once. */
    static Object decorate(Object body, UnaryOperator<Runnable> decorator) {
        return new Decorated(body, decorator);
    }

    /** Runs {@code body}; returns its value, or its failure wrapped. */
    private static Object invoke(Object body) {
        try {
            if (body instanceof Callable) {
                return ((Callable<?>) body).call();
            }
            ((Runnable) body).run();
            return null;
        } catch (Throwable failure) {
            return new Failure(failure);
        }
    }

    /**
     * A job submitted with {@code execute} has no Future to report its failure through, so, as
     * {@code Thread} does for an uncaught exception, the failure goes to the thread's handler. A
     * handler that throws is logged.
     */
    static void reportFailure(Thread thread, Throwable failure) {
        try {
            thread.getUncaughtExceptionHandler().uncaughtException(thread, failure);
        } catch (Throwable handlerFailure) {
            handlerFailure.addSuppressed(failure);
            ThreadPool.LOG.log(System.Logger.Level.ERROR, "The uncaught exception handler of " + thread.getName()
                    + " failed while reporting a job's failure", handlerFailure);
        }
    }

    /** A failed job's outcome; a distinct type, so that a job may return a {@code Throwable} as its value. */
    static final class Failure {
        final Throwable cause;

        Failure(Throwable cause) {
            this.cause = cause;
        }
    }

    /**
     * A body wrapped by the pool's decorator. The decorator wraps this object's {@link #run}, which
     * runs the body and keeps its outcome; a decorator that never runs it leaves a {@code null} value.
     */
    private static final class Decorated implements Runnable {
        private final Object body;
        private final Runnable decorated;
        private Object outcome;

        Decorated(Object body, UnaryOperator<Runnable> decorator) {
            this.body = body;
            this.decorated = decorator.apply(this);
        }

        @Override
        public void run() {
            outcome = JobBody.invoke(body);
        }

        Object invoke() {
            try {
                decorated.run();
                return outcome;
            } catch (Throwable failure) {
                return new Failure(failure); // the decorator's own failure
            }
        }
    }
}
