package dev.transfermonitor.bench.flink;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.detection.VolumeSettings;
import dev.transfermonitor.events.AlertKeys;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/** A window's sum over the rules' per-class record threshold becomes an alert. */
final class BurstThreshold extends RichFlatMapFunction<Contribution, Out> {

    private static final long serialVersionUID = 1L;
    private final HashMap<String, String> settings;
    private final String alertTopic;
    private transient VolumeSettings.Burst burst;

    BurstThreshold(Map<String, String> settings, String alertTopic) {
        this.settings = new HashMap<>(settings);
        this.alertTopic = alertTopic;
    }

    @Override
    public void open(OpenContext context) {
        burst = FlinkPeer.config(settings).rules().volume().burst();
    }

    @Override
    public void flatMap(Contribution sum, Collector<Out> out) {
        String dataClass = sum.key.substring(sum.key.lastIndexOf('|') + 1);
        if (sum.records > burst.threshold(dataClass).records()) {
            String key = AlertKeys.of(AlertType.VOLUME_BURST, sum.key) + '|' + sum.occurredAt;
            out.collect(Out.alert(alertTopic, sum.principal, key));
        }
    }
}
