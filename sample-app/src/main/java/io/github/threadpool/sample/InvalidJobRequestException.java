package io.github.threadpool.sample;

/** A request the API refuses with 400; the message says what to change. */
class InvalidJobRequestException extends RuntimeException {

    InvalidJobRequestException(String message) {
        super(message);
    }

}
