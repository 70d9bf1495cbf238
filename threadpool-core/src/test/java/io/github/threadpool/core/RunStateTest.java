package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunStateTest {

    @Test
    void startsRunning() {
        RunState state = new RunState();
        assertThat(state.get()).isEqualTo(RunState.RUNNING);
        assertThat(state.isShutdown()).isFalse();
        assertThat(state.isStopping()).isFalse();
        assertThat(state.isTerminated()).isFalse();
        assertThat(state).hasToString("RUNNING");
    }

    @Test
    void shutdownThenTerminated() {
        RunState state = new RunState();
        assertThat(state.advanceTo(RunState.SHUTDOWN)).isTrue();
        assertThat(state.isShutdown()).isTrue();
        assertThat(state.isStopping()).isFalse();
        assertThat(state.advanceTo(RunState.TERMINATED)).isTrue();
        assertThat(state.isTerminated()).isTrue();
        assertThat(state.isShutdown()).isTrue();
        assertThat(state).hasToString("TERMINATED");
    }

    @Test
    void stopSkipsShutdownAndImpliesIt() {
        RunState state = new RunState();
        assertThat(state.advanceTo(RunState.STOP)).isTrue();
        assertThat(state.get()).isEqualTo(RunState.STOP);
        assertThat(state.isShutdown()).isTrue();
        assertThat(state.isStopping()).isTrue();
        assertThat(state.isTerminated()).isFalse();
        assertThat(state).hasToString("STOP");
    }

    @Test
    void neverGoesBack() {
        RunState state = new RunState();
        state.advanceTo(RunState.STOP);
        assertThat(state.advanceTo(RunState.SHUTDOWN)).isFalse();
        assertThat(state.advanceTo(RunState.RUNNING)).isFalse();
        assertThat(state.advanceTo(RunState.STOP)).isFalse();
        assertThat(state.get()).isEqualTo(RunState.STOP);

        state.advanceTo(RunState.TERMINATED);
        for (int earlier : new int[] {RunState.RUNNING, RunState.SHUTDOWN, RunState.STOP, RunState.TERMINATED}) {
            assertThat(state.advanceTo(earlier)).isFalse();
            assertThat(state.get()).isEqualTo(RunState.TERMINATED);
        }
    }

    @Test
    void refusesAStateThatDoesNotExist() {
        RunState state = new RunState();
        assertThatThrownBy(() -> state.advanceTo(RunState.TERMINATED + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> state.advanceTo(RunState.RUNNING - 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(state.get()).isEqualTo(RunState.RUNNING);
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
            assertThat(state.get()).isEqualTo(RunState.SHUTDOWN);
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
