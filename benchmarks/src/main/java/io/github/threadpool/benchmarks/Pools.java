package io.github.threadpool.benchmarks;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.threadpool.core.ThreadPool;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The pools compared, each built with the same number of workers and an equivalent queue capacity,
 * and each driven through its own {@code submit} and {@code execute}.
 */
public enum Pools {

    /** This project's pool, with its defaults (the result store retains the last 1024 results). */
    threadpool {
        @Override
        Target create(int workers, int capacity) {
            return of(ThreadPool.builder().name("bench").workers(workers).queueCapacity(capacity).build());
        }
    },

    /** {@code Executors.newFixedThreadPool}, with a bounded {@link LinkedBlockingQueue}. */
    ThreadPoolExecutor {
        @Override
        Target create(int workers, int capacity) {
            java.util.concurrent.ThreadPoolExecutor executor = new java.util.concurrent.ThreadPoolExecutor(workers,
                    workers, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(capacity));
            executor.prestartAllCoreThreads();
            return of(executor);
        }
    },

    /** Work-stealing with an unbounded queue: the speed reference. */
    ForkJoinPool {
        @Override
        Target create(int workers, int capacity) {
            return of(new java.util.concurrent.ForkJoinPool(workers));
        }
    },

    /** Spring's {@code ThreadPoolTaskExecutor}, through its own {@code submit} and {@code execute}. */
    ThreadPoolTaskExecutor {
        @Override
        Target create(int workers, int capacity) {
            ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
            executor.setCorePoolSize(workers);
            executor.setMaxPoolSize(workers);
            executor.setQueueCapacity(capacity);
            executor.setPrestartAllCoreThreads(true);
            executor.initialize();
            return of(executor::submit, executor::execute, executor::shutdown);
        }
    },

    /** One lock, one condition, an {@code ArrayDeque}: the naive baseline ({@link NaiveOneLockPool}). */
    OneLockPool {
        @Override
        Target create(int workers, int capacity) {
            return new NaiveOneLockPool(workers);
        }
    };

    abstract Target create(int workers, int capacity);

    /** What a benchmark drives. */
    public interface Target extends AutoCloseable {

        <T> Future<T> submit(Callable<T> job);

        void execute(Runnable job);

        @Override
        void close();
    }

    private static Target of(ExecutorService executor) {
        return of(executor::submit, executor::execute, executor::shutdownNow);
    }

    /** {@code submit} is generic, so it takes a method reference rather than a lambda. */
    private interface Submit {

        <T> Future<T> submit(Callable<T> job);
    }

    private static Target of(Submit submit, Consumer<Runnable> execute, Runnable close) {
        return new Target() {
            @Override
            public <T> Future<T> submit(Callable<T> job) {
                return submit.submit(job);
            }

            @Override
            public void execute(Runnable job) {
                execute.accept(job);
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }
}
