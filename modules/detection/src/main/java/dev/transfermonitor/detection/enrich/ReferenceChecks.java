package dev.transfermonitor.detection.enrich;

import dev.transfermonitor.avro.Asset;
import dev.transfermonitor.avro.NetworkRange;
import dev.transfermonitor.avro.Region;
import dev.transfermonitor.avro.ResidencyPolicy;
import dev.transfermonitor.reference.Cidr;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * What a reference record must satisfy before it replaces the last good value. The bounds are
 * the event validator's: reference values flow into every transfer, alert and ledger entry, so
 * one asset with 20,000 data classes or a megabyte region id would stall the volume rules on
 * each read of that asset and make alerts too large to write.
 */
final class ReferenceChecks {

    static final int MAX_STRING = 256;
    static final int MAX_LIST = 1_000;
    static final int MAX_CLASSES = 32;
    private static final Pattern DATA_CLASS = Pattern.compile("[A-Z0-9_]{1,64}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private ReferenceChecks() {
    }

    /** The first problem of this value, or null when it may be used. */
    static String problem(IndexedRecord value) {
        String bounds = bounds(value, value.getSchema().getName());
        if (bounds != null) {
            return bounds;
        }
        if (value instanceof NetworkRange range) {
            try {
                Cidr.parse(range.getCidr());
            } catch (IllegalArgumentException e) {
                return "invalid cidr: " + e.getMessage();
            }
            return country(range.getCountryCode());
        }
        if (value instanceof Region region) {
            return country(region.getCountryCode());
        }
        if (value instanceof Asset asset) {
            return classes(asset.getDataClasses());
        }
        if (value instanceof ResidencyPolicy policy && !DATA_CLASS.matcher(policy.getDataClass()).matches()) {
            return "dataClass must match " + DATA_CLASS.pattern();
        }
        return null;
    }

    private static String country(String code) {
        return COUNTRY.matcher(code).matches() ? null : "countryCode is not an ISO 3166-1 alpha-2 code";
    }

    private static String classes(List<String> classes) {
        if (classes.size() > MAX_CLASSES) {
            return "dataClasses has more than " + MAX_CLASSES + " entries";
        }
        for (String c : classes) {
            if (!DATA_CLASS.matcher(c).matches()) {
                return "dataClasses entries must match " + DATA_CLASS.pattern();
            }
        }
        return null;
    }

    /** Every string at most 256 characters without control characters, every list at most 1,000 entries. */
    private static String bounds(Object value, String path) {
        if (value instanceof CharSequence s) {
            if (s.length() > MAX_STRING) {
                return path + " is longer than " + MAX_STRING + " characters";
            }
            return CONTROL.matcher(s).find() ? path + " contains control characters" : null;
        }
        if (value instanceof List<?> list) {
            if (list.size() > MAX_LIST) {
                return path + " has more than " + MAX_LIST + " entries";
            }
            for (Object item : list) {
                String problem = bounds(item, path + "[]");
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (value instanceof IndexedRecord record) {
            for (Schema.Field field : record.getSchema().getFields()) {
                String problem = bounds(record.get(field.pos()), path.contains(".") || path.endsWith("[]")
                        ? path + "." + field.name() : field.name());
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }
}
