package dev.transfermonitor.bench.flink;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.detection.VolumeSettings;
import dev.transfermonitor.detection.rulesfile.RulesFile;
import dev.transfermonitor.events.AlertKeys;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/** A window's sum over the sample company's per-class record threshold becomes an alert. */
final class BurstThreshold extends RichFlatMapFunction<Contribution, byte[]> {

    private static final long serialVersionUID = 1L;
    private transient VolumeSettings.Burst burst;

    @Override
    public void open(OpenContext context) {
        burst = RulesFile.bundledSample().volume().burst();
    }

    @Override
    public void flatMap(Contribution sum, Collector<byte[]> out) {
        String dataClass = sum.key.substring(sum.key.lastIndexOf('|') + 1);
        if (sum.records > burst.threshold(dataClass).records()) {
            String key = AlertKeys.of(AlertType.VOLUME_BURST, sum.key) + '|' + sum.occurredAt;
            out.collect(key.getBytes(StandardCharsets.UTF_8));
        }
    }
}
