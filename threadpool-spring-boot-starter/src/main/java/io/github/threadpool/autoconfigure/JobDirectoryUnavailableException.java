package io.github.threadpool.autoconfigure;

/**
 * A {@link JobDirectory} lookup or cancel needed the fleet's store and it did not answer: the job's state
 * is unknown, not absent. Over HTTP, a 503.
 */
public class JobDirectoryUnavailableException extends RuntimeException {

    public JobDirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
