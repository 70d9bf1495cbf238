package io.github.threadpool.autoconfigure.fleet;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.threadpool.autoconfigure.ThreadPoolLifecycle;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the fleet's writer; at shutdown — after the pools have drained, so every
 * job's final record is in the buffer — writes what is buffered, then marks the instance as stopped, so
 * that its jobs never read as LOST.
 */
final class FleetLifecycle implements SmartLifecycle {

    /** After the pools' drain: lifecycles stop in descending phase order. */
    static final int PHASE = ThreadPoolLifecycle.PHASE - 1024;

    private static final Log logger = LogFactory.getLog(FleetLifecycle.class);

    private final FleetInstance instance;
    private final JobMirror mirror;
    private final Duration flushTimeout;
    /** How long a stopped instance's marker is kept: as long as its longest-lived record. */
    private final Supplier<Duration> recordTimeToLive;

    private volatile boolean running;

    FleetLifecycle(FleetInstance instance, JobMirror mirror, Duration flushTimeout, Supplier<Duration> recordTimeToLive) {
        this.instance = instance;
        this.mirror = mirror;
        this.flushTimeout = flushTimeout;
        this.recordTimeToLive = recordTimeToLive;
    }

    @Override
    public void start() {
        this.mirror.start();
        this.running = true;
    }

    @Override
    public void stop() {
        if (!this.running) {
            return;
        }
        this.running = false;
        if (!this.mirror.flush(this.flushTimeout)) {
            logger.warn("Fleet: " + this.mirror.buffered() + " job record(s) did not reach Redis within "
                    + "threadpool.fleet.flush-timeout=" + this.flushTimeout + " at shutdown");
        }
        this.mirror.close();
        this.instance.markStopped(this.recordTimeToLive.get());
        this.instance.close();
        logger.info("Fleet: instance " + this.instance.number() + " (" + this.instance.name() + ") stopped; "
                + this.mirror.written() + " record(s) written, " + this.mirror.dropped() + " dropped");
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
