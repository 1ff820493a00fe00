package dev.transfermonitor.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What a command prints on standard output or standard error, for tests that call {@link Main#run}. */
public final class Console {

    private Console() {}

    public static String out(Runnable action) {
        return capture(action, false);
    }

    public static String err(Runnable action) {
        return capture(action, true);
    }

    // One capture at a time: System.out and System.err are JVM-wide.
    private static synchronized String capture(Runnable action, boolean err) {
        PrintStream original = err ? System.err : System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        if (err) {
            System.setErr(capture);
        } else {
            System.setOut(capture);
        }
        try {
            action.run();
        } finally {
            if (err) {
                System.setErr(original);
            } else {
                System.setOut(original);
            }
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
