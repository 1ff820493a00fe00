package dev.transfermonitor.bench.flink;

import java.nio.charset.StandardCharsets;

/**
 * One record the job writes (a Flink POJO): an alert key to the alert topic, or a dead letter
 * with its headers to the dead-letter topic, through one sink as the monitor writes through one producer.
 */
public final class Out {

    public String topic;
    public byte[] key;
    public byte[] value;
    public String[] headerKeys;
    public byte[][] headerValues;

    public Out() {}

    Out(String topic, byte[] key, byte[] value, String[] headerKeys, byte[][] headerValues) {
        this.topic = topic;
        this.key = key;
        this.value = value;
        this.headerKeys = headerKeys;
        this.headerValues = headerValues;
    }

    /** Under the event's key, as the monitor's equal-work topology writes it. */
    static Out alert(String topic, String principal, String alertKey) {
        return new Out(
                topic,
                principal == null ? null : principal.getBytes(StandardCharsets.UTF_8),
                alertKey.getBytes(StandardCharsets.UTF_8),
                new String[0],
                new byte[0][]);
    }
}
