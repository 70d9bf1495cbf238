package io.github.threadpool.sample.ops;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrometheusBinariesTests {

    @Test
    void findsAnExecutableOnThePath() {
        assertThat(PrometheusBinaries.require("sh")).isExecutable();
    }

    @Test
    void aMissingBinarySkipsWithHowToInstallItLocallyAndFailsUnderCi() {
        Class<? extends Throwable> expected = "true".equals(System.getenv("CI")) ? AssertionFailedError.class
                : TestAbortedException.class;
        assertThatThrownBy(() -> PrometheusBinaries.require("promtool-that-is-not-installed"))
            .isInstanceOf(expected)
            .hasMessageContaining("'promtool-that-is-not-installed' is not on the PATH")
            .hasMessageContaining("apt-get install prometheus");
    }

}
