package dev.transfermonitor.events;

import dev.transfermonitor.avro.Asset;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.NetworkRange;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.Region;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ResidencyPolicy;
import dev.transfermonitor.avro.TransferAlert;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** Each Avro record the system exchanges, with the field that is its Kafka key. */
public enum RecordKind {
    ACCESS(DataAccessEvent.class, DataAccessEvent.getClassSchema(), "principalId"),
    REPLICATION(ReplicationEvent.class, ReplicationEvent.getClassSchema(), "principalId"),
    ASSET(Asset.class, Asset.getClassSchema(), "assetId"),
    REGION(Region.class, Region.getClassSchema(), "regionId"),
    NETWORK(NetworkRange.class, NetworkRange.getClassSchema(), "cidr"),
    PRINCIPAL(Principal.class, Principal.getClassSchema(), "principalId"),
    CREDENTIAL(Credential.class, Credential.getClassSchema(), "credentialId"),
    POLICY(ResidencyPolicy.class, ResidencyPolicy.getClassSchema(), "policyId"),
    ALERT(TransferAlert.class, TransferAlert.getClassSchema(), "alertId"),
    LEDGER(LedgerEntry.class, LedgerEntry.getClassSchema(), "principalId");

    private final Class<? extends SpecificRecord> type;
    private final Schema schema;
    private final String keyField;
    private final int keyPosition;

    RecordKind(Class<? extends SpecificRecord> type, Schema schema, String keyField) {
        this.type = type;
        this.schema = schema;
        this.keyField = keyField;
        this.keyPosition = schema.getField(keyField).pos();
    }

    /** The kind of a record, by its class. */
    public static RecordKind of(SpecificRecord record) {
        for (RecordKind kind : values()) {
            if (kind.type.isInstance(record)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "not a record of Transfer Monitor: " + record.getClass().getName());
    }

    public Class<? extends SpecificRecord> type() {
        return type;
    }

    public Schema schema() {
        return schema;
    }

    public String keyField() {
        return keyField;
    }

    /** The Kafka key of a record of this kind. */
    public String keyOf(SpecificRecord record) {
        return String.valueOf(record.get(keyPosition));
    }

    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> AvroCodec<T> codec() {
        return (AvroCodec<T>) AvroCodec.of(type);
    }
}
