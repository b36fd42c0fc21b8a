package dev.place.local.engine;

/** The engines could not be started; the message says which one and quotes the end of its log. */
public final class EngineStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    EngineStartException(String message) {
        super(message);
    }

    EngineStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
