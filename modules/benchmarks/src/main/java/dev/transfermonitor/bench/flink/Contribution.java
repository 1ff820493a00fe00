package dev.transfermonitor.bench.flink;

/** Records of one data class moved by one principal at one instant: what the burst windows sum. */
public final class Contribution {

    /** The volume entity ({@code p:principal} or {@code c:principal/credential}) + '|' + data class. */
    public String key;

    /** The record key the alert is written under, as the monitor writes it. */
    public String principal;

    public long occurredAt;
    public long records;

    public Contribution() {}

    Contribution(String key, String principal, long occurredAt, long records) {
        this.key = key;
        this.principal = principal;
        this.occurredAt = occurredAt;
        this.records = records;
    }
}
