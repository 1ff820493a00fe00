package dev.transfermonitor.app.replay;

/** What a replay tells whoever shows it: how far it has come, and problems that do not stop it. */
public interface ReplayListener {

    /** {@code done} of the period's {@code total} input records lie behind the replay's committed offsets. */
    void progress(long done, long total);

    /** The run is over (done, failed or stopped); cleanup follows. */
    default void finished() {}

    /** E.g. a record on the alerts topic that is not an alert, or something the cleanup could not remove. */
    void warning(String problem);
}
