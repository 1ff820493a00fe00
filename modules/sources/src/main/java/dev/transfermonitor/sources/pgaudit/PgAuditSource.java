package dev.transfermonitor.sources.pgaudit;

import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.events.EventAttributes;
import dev.transfermonitor.events.Printable;
import dev.transfermonitor.reference.Cidr;
import dev.transfermonitor.sources.BoundedMap;
import dev.transfermonitor.sources.Json;
import dev.transfermonitor.sources.JsonPayloads;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.PayloadChunks;
import dev.transfermonitor.sources.Source;
import dev.transfermonitor.sources.Times;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;

/**
 * PostgreSQL csvlog lines ({@code log_destination = 'csvlog'}) carrying pgaudit's
 * {@code AUDIT:} messages in, monitor events out. Accepts the 23 columns of PostgreSQL 9.0 to
 * 12, the 24 of 13 ({@code backend_type}) and the 26 of 14 and later ({@code leader_pid},
 * {@code query_id}). A READ of a table or view is a query of it (a SELECT, as BigQuery queries
 * are) or a read ({@code COPY ... TO STDOUT}); {@code COPY ... TO 'file'} or
 * {@code TO PROGRAM} is an export of the table. Other classes, and statements logged without
 * their objects, are ignored; lines that are no AUDIT message are ignored too, since a csvlog
 * holds every server message. Assets are named {@code database/schema.relation}.
 *
 * <p>State, bounded: the statements' COPY targets seen (an OBJECT line or a repeated entry says
 * {@code <previously logged>} instead of the text) and the objects already mapped per statement
 * (SESSION logging with {@code log_relation} and OBJECT logging both log a relation; it counts once).
 */
public final class PgAuditSource implements Source {

    public static final String NAME = "pgaudit";

    static final String SOURCE = NAME;
    /** The database the asset is in; the asset id names it too. */
    static final String DATABASE = "database";
    /** As the other sources': longer ids are refused, not cut. */
    static final int MAX_ID = 256;

    private static final int MAX_EVENT_NAME = 128;
    private static final int MAX_ATTRIBUTE = 256;
    /** Entries each memory keeps: far above the lines of one statement. */
    private static final int MAX_REMEMBERED = 4096;

    private static final Set<Integer> WIDTHS = Set.of(23, 24, 26);
    private static final int LOG_TIME = 0;
    private static final int USER_NAME = 1;
    private static final int DATABASE_NAME = 2;
    private static final int CONNECTION_FROM = 4;
    private static final int SESSION_ID = 5;
    private static final int SESSION_LINE_NUM = 6;
    private static final int ERROR_SEVERITY = 11;
    private static final int SQL_STATE_CODE = 12;
    private static final int MESSAGE = 13;
    private static final int APPLICATION_NAME = 22;

    /** csvlog's {@code %lx.%x}: the backend's start time and process id, in hex. */
    private static final Pattern SESSION = Pattern.compile("[0-9a-f]{1,16}\\.[0-9a-f]{1,8}");

    private static final Pattern SQLSTATE = Pattern.compile("[0-9A-Z]{5}");
    private static final Set<String> FAILURES = Set.of("ERROR", "FATAL", "PANIC");
    /** SQLSTATE classes of success: 00, 01 (warning: pgaudit's own lines at log_level warning), 02 (no data). */
    private static final Set<String> SUCCESS_CLASSES = Set.of("00", "01", "02");
    /** The object types of relations that hold rows; pgaudit names partitioned tables TABLE. */
    private static final Set<String> RELATIONS =
            Set.of("TABLE", "VIEW", "MATERIALIZED VIEW", "FOREIGN TABLE", "PARTITIONED TABLE");

    private static final Map<String, String> IGNORED_CLASSES = Map.of(
            "WRITE", "a write: data comes into the database, none leaves",
            "DDL", "a schema change moves no rows",
            "ROLE", "a role or privilege change moves no rows",
            "FUNCTION", "a function call: its reads are logged as READ lines of their own",
            "MISC", "a miscellaneous command moves no rows",
            "MISC_SET", "a setting change moves no rows");

    private final Map<String, CopyTarget> copies = new BoundedMap<>(MAX_REMEMBERED);
    private final Map<String, Boolean> mapped = new BoundedMap<>(MAX_REMEMBERED);

    @Override
    public String name() {
        return NAME;
    }

    /** Statements span lines: cut a log only where no quoted field is open. */
    @Override
    public PayloadChunks.Boundary boundary() {
        return PayloadChunks.Boundary.CSV;
    }

    /** {@code log_destination = 'csvlog'} writes {@code postgresql-*.csv}; rotated logs are often gzipped. */
    @Override
    public List<String> fileSuffixes() {
        return List.of(".csv", ".csv.gz");
    }

    @Override
    public void read(byte[] payload, Consumer<Outcome> out) {
        CsvLog.read(JsonPayloads.decode(payload), new CsvLog.Handler() {
            @Override
            public boolean record(List<String> fields, String raw) {
                Outcome outcome = map(fields, raw);
                out.accept(outcome);
                return WIDTHS.contains(fields.size());
            }

            @Override
            public void broken(String reason, String raw) {
                out.accept(new Outcome.Invalid(null, "not a csvlog record: " + reason, raw));
            }
        });
    }

    /**
     * Maps one csvlog record.
     *
     * @param raw its text, for a dead letter
     */
    public Outcome map(List<String> columns, String raw) {
        if (!WIDTHS.contains(columns.size())) {
            return new Outcome.Invalid(
                    null,
                    "not a csvlog record: " + columns.size() + " columns (csvlog writes 23, 24 or 26)",
                    Json.cut(raw, JsonPayloads.MAX_RAW));
        }
        return mapRecord(columns, Json.cut(raw, JsonPayloads.MAX_RAW));
    }

    private Outcome mapRecord(List<String> columns, String raw) {
        String message = columns.get(MESSAGE);
        if (!message.startsWith(AuditLine.PREFIX)) {
            return new Outcome.Ignored(null, "not a pgaudit record");
        }
        AuditLine audit = AuditLine.parse(message);
        if (audit == null) {
            return new Outcome.Invalid(
                    null, "not a pgaudit message: AUDIT: with 9 fields, or 10 with a row count", raw);
        }
        String event = Json.cut(audit.auditClass() + "/" + audit.command(), MAX_EVENT_NAME);
        String session = columns.get(SESSION_ID);
        String line = columns.get(SESSION_LINE_NUM);
        if (!SESSION.matcher(session).matches() || AuditLine.count(line) < 0) {
            return new Outcome.Invalid(event, "session_id or session_line_num is not csvlog's", raw);
        }
        String time = columns.get(LOG_TIME);
        Instant at = time.length() > 40 ? null : Times.parse(time);
        if (at == null) {
            return new Outcome.Invalid(event, "log_time is not a time with UTC, GMT or a numeric offset", raw);
        }
        String failure = failure(columns.get(ERROR_SEVERITY), columns.get(SQL_STATE_CODE));
        if (failure != null) {
            return new Outcome.Failed(event, failure);
        }
        String statementKey = session + ":" + audit.statementId() + ":" + audit.substatementId();
        if (audit.isCopy() && audit.hasStatement() && statementKey.length() <= MAX_ID) {
            copies.put(statementKey, CopyTarget.of(audit.statement()));
        }
        String auditClass = audit.auditClass().toUpperCase(Locale.ROOT);
        if (!auditClass.equals("READ")) {
            return new Outcome.Ignored(
                    event, IGNORED_CLASSES.getOrDefault(auditClass, "not a pgaudit class that moves data"));
        }
        if (audit.objectType().isEmpty() || audit.objectName().isEmpty()) {
            return new Outcome.Ignored(
                    event,
                    "a statement logged without its objects: the OBJECT lines, or pgaudit.log_relation,"
                            + " name what it read");
        }
        if (!RELATIONS.contains(audit.objectType().toUpperCase(Locale.ROOT))) {
            return new Outcome.Ignored(event, "reads no table or view");
        }
        String principal = columns.get(USER_NAME);
        String database = columns.get(DATABASE_NAME);
        String asset = database + "/" + audit.objectName();
        if (principal.isEmpty() || database.isEmpty()) {
            return new Outcome.Invalid(event, "an AUDIT line without user_name or database_name", raw);
        }
        if (!isId(principal) || !isId(asset)) {
            return new Outcome.Invalid(
                    event,
                    "the line names an id longer than " + MAX_ID + " characters or with control characters",
                    raw);
        }
        String objectKey = statementKey + ":" + audit.objectName();
        if (mapped.put(objectKey, Boolean.TRUE) != null) {
            return new Outcome.Ignored(
                    event, "the statement's read of this object is already mapped (SESSION and OBJECT lines)");
        }
        String eventId = session + ":" + line;
        Map<String, String> attributes = attributes(event, eventId, database, columns.get(APPLICATION_NAME));
        CopyTarget copy = audit.isCopy() ? copies.getOrDefault(statementKey, CopyTarget.NONE) : CopyTarget.NONE;
        SpecificRecord e;
        if (copy == CopyTarget.FILE_OR_PROGRAM) {
            e = ReplicationEvent.newBuilder()
                    .setEventId(eventId)
                    .setOccurredAt(at)
                    .setPrincipalId(principal)
                    .setCredentialId(null)
                    .setJobId(eventId)
                    .setKind(ReplicationKind.EXPORT)
                    .setSourceAssetId(asset)
                    .setDestinationAssetId(null)
                    .setDestinationRegion(null)
                    .setDestinationAccount(null)
                    .setRecordCount(Math.max(0, audit.rows()))
                    .setByteCount(0)
                    .setPublicAccess(false)
                    .setAttributes(attributes)
                    .build();
        } else {
            e = DataAccessEvent.newBuilder()
                    .setEventId(eventId)
                    .setOccurredAt(at)
                    .setPrincipalId(principal)
                    .setCredentialId(null)
                    .setAuthMethod(AuthMethod.UNKNOWN)
                    .setAction(audit.isCopy() ? AccessAction.READ : AccessAction.QUERY)
                    .setAssetId(asset)
                    .setRecordCount(audit.rows() < 0 ? 1 : audit.rows())
                    .setByteCount(0)
                    .setClientIp(clientIp(columns.get(CONNECTION_FROM)))
                    .setApplication(null)
                    .setAttributes(attributes)
                    .build();
        }
        return new Outcome.Mapped(event, List.of(e), List.of());
    }

    /** ERROR, FATAL or PANIC, or a SQLSTATE of another class than success, warning or no data. */
    private static String failure(String severity, String sqlState) {
        boolean code = SQLSTATE.matcher(sqlState).matches();
        if (FAILURES.contains(severity)) {
            return code ? sqlState : severity;
        }
        if (!sqlState.isEmpty() && !(code && SUCCESS_CLASSES.contains(sqlState.substring(0, 2)))) {
            return code ? sqlState : "sql_state_code " + Json.cut(Printable.of(sqlState), 40);
        }
        return null;
    }

    /**
     * The address of {@code connection_from}: csvlog writes {@code host:port} (an IPv6 host
     * without brackets, {@code ::1:5432}), {@code [local]} for a Unix socket, and a host name
     * with {@code log_hostname}; only an address is a client IP.
     */
    static String clientIp(String from) {
        if (from.isEmpty() || from.length() > 64) {
            return null;
        }
        int colon = from.lastIndexOf(':');
        if (colon > 0 && AuditLine.count(from.substring(colon + 1)) >= 0) {
            String host = unbracket(from.substring(0, colon));
            if (Cidr.parseAddress(host) != null) {
                return host;
            }
        }
        String whole = unbracket(from);
        return Cidr.parseAddress(whole) != null ? whole : null;
    }

    private static String unbracket(String host) {
        return host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']'
                ? host.substring(1, host.length() - 1)
                : host;
    }

    private static boolean isId(String id) {
        return id.length() <= MAX_ID && Printable.isSafe(id);
    }

    private static Map<String, String> attributes(String event, String record, String database, String application) {
        Map<String, String> a = new HashMap<>(8);
        a.put(EventAttributes.SOURCE, SOURCE);
        a.put(EventAttributes.SOURCE_EVENT, event);
        a.put(EventAttributes.SOURCE_RECORD, record);
        a.put(DATABASE, database);
        if (!application.isEmpty()) {
            a.put(EventAttributes.USER_AGENT, Json.cut(application, MAX_ATTRIBUTE));
        }
        return a;
    }
}
