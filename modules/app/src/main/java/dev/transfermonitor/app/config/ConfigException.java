package dev.transfermonitor.app.config;

/** Bad configuration: the CLI prints the message as one line and exits with code 2. */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
