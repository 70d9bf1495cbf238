package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunStateTest {

    /** The word is {@code expected}, and every question a reader asks of it agrees. */
    private static void assertAt(RunState state, int expected, String name) {
        assertThat(state.get()).isEqualTo(expected);
        assertThat(state.isShutdown()).as("shut down").isEqualTo(expected >= RunState.SHUTDOWN);
        assertThat(state.isStopping()).as("stopping").isEqualTo(expected >= RunState.STOP);
        assertThat(state.isTerminated()).as("terminated").isEqualTo(expected == RunState.TERMINATED);
        assertThat(state).hasToString(name);
    }

    @Test
    void startsRunning() {
        assertAt(new RunState(), RunState.RUNNING, "RUNNING");
    }

    @Test
    void shutdownThenTerminated() {
        RunState state = new RunState();
        assertThat(state.advanceTo(RunState.SHUTDOWN)).isTrue();
        assertAt(state, RunState.SHUTDOWN, "SHUTDOWN");
        assertThat(state.advanceTo(RunState.TERMINATED)).isTrue();
        assertAt(state, RunState.TERMINATED, "TERMINATED");
    }

    @Test
    void stopSkipsShutdownAndImpliesIt() {
        RunState state = new RunState();
        assertThat(state.advanceTo(RunState.STOP)).isTrue();
        assertAt(state, RunState.STOP, "STOP");
    }

    @Test
    void neverGoesBack() {
        RunState state = new RunState();
        state.advanceTo(RunState.STOP);
        for (int notLater : new int[] {RunState.RUNNING, RunState.SHUTDOWN, RunState.STOP}) {
            assertThat(state.advanceTo(notLater)).isFalse();
            assertAt(state, RunState.STOP, "STOP");
        }
        state.advanceTo(RunState.TERMINATED);
        for (int notLater : new int[] {RunState.RUNNING, RunState.SHUTDOWN, RunState.STOP, RunState.TERMINATED}) {
            assertThat(state.advanceTo(notLater)).isFalse();
            assertAt(state, RunState.TERMINATED, "TERMINATED");
        }
    }

    @Test
    void refusesAStateThatDoesNotExist() {
        RunState state = new RunState();
        assertThatThrownBy(() -> state.advanceTo(RunState.TERMINATED + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> state.advanceTo(RunState.RUNNING - 1)).isInstanceOf(IllegalArgumentException.class);
        assertAt(state, RunState.RUNNING, "RUNNING");
    }

    @Test
    void exactlyOneOfRacingAdvancesMovesTheWord() throws Exception {
        for (int round = 0; round < 200; round++) {
            RunState state = new RunState();
            AtomicInteger moved = new AtomicInteger();
            CyclicBarrier start = new CyclicBarrier(4);
            Thread[] threads = new Thread[4];
            for (int i = 0; i < threads.length; i++) {
                threads[i] = new Thread(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    if (state.advanceTo(RunState.SHUTDOWN)) {
                        moved.incrementAndGet();
                    }
                });
                threads[i].start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(moved).hasValue(1);
            assertAt(state, RunState.SHUTDOWN, "SHUTDOWN");
        }
    }

    @Test
    void mapsToThePublicState() {
        assertThat(RunState.poolState(RunState.RUNNING)).isEqualTo(PoolState.RUNNING);
        assertThat(RunState.poolState(RunState.SHUTDOWN)).isEqualTo(PoolState.SHUTTING_DOWN);
        assertThat(RunState.poolState(RunState.STOP)).isEqualTo(PoolState.SHUTTING_DOWN);
        assertThat(RunState.poolState(RunState.TERMINATED)).isEqualTo(PoolState.TERMINATED);
    }
}
