package io.github.threadpool.sample.ops;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian's {@code prometheus} package's binaries, found on the {@code PATH}; nothing is ever downloaded.
 * Where they are missing, a test is skipped with a message saying how to install them, except under
 * {@code CI=true}, where it fails ({@code .ci/run} installs the package).
 */
final class PrometheusBinaries {

    private PrometheusBinaries() {
    }

    static Path require(String binary) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, binary);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String missing = "'" + binary + "' is not on the PATH: install Debian's prometheus package "
                + "(apt-get install prometheus), as .ci/run does";
        if ("true".equals(System.getenv("CI"))) {
            fail(missing + " (required under CI=true)");
        }
        Assumptions.abort(missing);
        throw new AssertionError("unreachable");
    }

    /** Runs a command to its end (bounded by {@code timeout}) and returns its exit code and output. */
    static Result run(Duration timeout, Path workDir, String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(workDir, "command", ".log");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        }
        finally {
            process.destroyForcibly();
        }
    }

    record Result(int exitCode, String output) {
    }

}
