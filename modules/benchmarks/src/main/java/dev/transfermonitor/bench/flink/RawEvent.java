package dev.transfermonitor.bench.flink;

/** One input record as the source hands it over (a Flink POJO: public fields, no-arg constructor). */
public final class RawEvent {

    public String topic;
    public int partition;
    public long offset;
    public long timestamp;
    public String key;
    public byte[] value;

    public RawEvent() {}

    RawEvent(String topic, int partition, long offset, long timestamp, String key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }
}
