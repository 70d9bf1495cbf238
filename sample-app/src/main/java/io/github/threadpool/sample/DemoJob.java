package io.github.threadpool.sample;

import java.util.concurrent.Callable;

/**
 * What the sample runs: waits for its duration (interruptibly, as a well-behaved job should, so a
 * shutdown that runs out of time can stop it), then returns a short message or fails on purpose.
 */
record DemoJob(String label, long durationMs, boolean fail) implements Callable<String> {

    @Override
    public String call() throws InterruptedException {
        if (this.durationMs > 0) {
            Thread.sleep(this.durationMs);
        }
        if (this.fail) {
            throw new IllegalStateException(this.label + " failed on purpose");
        }
        return this.label + " done in " + this.durationMs + " ms";
    }

}
