package dev.transfermonitor.detection.volume;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One entity's records and bytes per minute and data class, for the minutes that a window
 * plus its grace can still reach; a few hundred bytes in the store.
 */
final class Buckets {

    /** One minute of one class. */
    private record Bucket(long minute, String dataClass, long records, long bytes) {
    }

    private final List<Bucket> buckets;
    private long latestMinute;

    private Buckets(List<Bucket> buckets, long latestMinute) {
        this.buckets = buckets;
        this.latestMinute = latestMinute;
    }

    static Buckets empty() {
        return new Buckets(new ArrayList<>(), Long.MIN_VALUE);
    }

    long latestMinute() {
        return latestMinute;
    }

    void add(long minute, String dataClass, long records, long bytes) {
        for (int i = 0; i < buckets.size(); i++) {
            Bucket b = buckets.get(i);
            if (b.minute == minute && b.dataClass.equals(dataClass)) {
                buckets.set(i, new Bucket(minute, dataClass, b.records + records, b.bytes + bytes));
                latestMinute = Math.max(latestMinute, minute);
                return;
            }
        }
        buckets.add(new Bucket(minute, dataClass, records, bytes));
        latestMinute = Math.max(latestMinute, minute);
    }

    /** Drops minutes before {@code oldestKept}. */
    void prune(long oldestKept) {
        buckets.removeIf(b -> b.minute < oldestKept);
    }

    /** Records and bytes of a class in the minutes {@code (toMinute - minutes, toMinute]}. */
    long[] sum(String dataClass, long toMinute, long minutes) {
        long records = 0;
        long bytes = 0;
        for (Bucket b : buckets) {
            if (b.dataClass.equals(dataClass) && b.minute <= toMinute && b.minute > toMinute - minutes) {
                records += b.records;
                bytes += b.bytes;
            }
        }
        return new long[] {records, bytes};
    }

    byte[] encode() {
        int size = Long.BYTES + Integer.BYTES;
        List<byte[]> names = new ArrayList<>(buckets.size());
        for (Bucket b : buckets) {
            byte[] name = b.dataClass.getBytes(StandardCharsets.UTF_8);
            names.add(name);
            size += Long.BYTES + Integer.BYTES + name.length + 2 * Long.BYTES;
        }
        ByteBuffer out = ByteBuffer.allocate(size).putLong(latestMinute).putInt(buckets.size());
        for (int i = 0; i < buckets.size(); i++) {
            Bucket b = buckets.get(i);
            out.putLong(b.minute).putInt(names.get(i).length).put(names.get(i)).putLong(b.records).putLong(b.bytes);
        }
        return out.array();
    }

    static Buckets decode(byte[] bytes) {
        if (bytes == null) {
            return empty();
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long latest = in.getLong();
        int n = in.getInt();
        List<Bucket> list = new ArrayList<>(n + 1);
        for (int i = 0; i < n; i++) {
            long minute = in.getLong();
            byte[] name = new byte[in.getInt()];
            in.get(name);
            list.add(new Bucket(minute, new String(name, StandardCharsets.UTF_8), in.getLong(), in.getLong()));
        }
        return new Buckets(list, latest);
    }
}
