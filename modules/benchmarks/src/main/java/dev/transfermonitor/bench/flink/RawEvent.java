package dev.transfermonitor.bench.flink;

/** One input record as the source hands it over (a Flink POJO: public fields, no-arg constructor). */
public final class RawEvent {

    public String topic;
    public int partition;
    public long offset;
    public byte[] value;

    public RawEvent() {}

    RawEvent(String topic, int partition, long offset, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.value = value;
    }
}
