package dev.transfermonitor.sources.pgaudit;

import static dev.transfermonitor.sources.pgaudit.PgFixtures.csv;
import static dev.transfermonitor.sources.pgaudit.PgFixtures.line;
import static dev.transfermonitor.sources.pgaudit.PgFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.events.EventAttributes;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.Sources;
import dev.transfermonitor.sources.Tally;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PgAuditSourceTest {

    private static final int USER = 1;
    private static final int FROM = 4;
    private static final int LINE = 6;
    private static final int SEVERITY = 11;
    private static final int SQLSTATE = 12;
    private static final int MESSAGE = 13;

    /** Line 4: OBJECT,1,1,READ,SELECT,TABLE,public.test2; its message with other fields. */
    private static final String OBJECT_SELECT = "AUDIT: OBJECT,1,1,READ,SELECT,TABLE,public.test2,";

    /** A new source each time: a statement's objects are remembered within one source only. */
    private static List<Outcome> read(String text) {
        List<Outcome> out = new ArrayList<>();
        new PgAuditSource().read(text.getBytes(StandardCharsets.UTF_8), out::add);
        return out;
    }

    private static Outcome one(List<String> record) {
        List<Outcome> outcomes = read(csv(record));
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }

    private static Outcome fixtureLine(int n) {
        List<Outcome> outcomes = read(PgFixtures.text(PgFixtures.SESSION));
        assertThat(outcomes).hasSize(10);
        return outcomes.get(n - 1);
    }

    private static SpecificRecord event(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Mapped.class);
        Outcome.Mapped mapped = (Outcome.Mapped) outcome;
        assertThat(mapped.credentials()).isEmpty();
        assertThat(mapped.events()).hasSize(1);
        SpecificRecord event = mapped.events().get(0);
        RecordKind.of(event).codec().encode(event); // the schema takes it
        return event;
    }

    private static DataAccessEvent access(Outcome outcome) {
        SpecificRecord e = event(outcome);
        assertThat(e).isInstanceOf(DataAccessEvent.class);
        return (DataAccessEvent) e;
    }

    private static ReplicationEvent replication(Outcome outcome) {
        SpecificRecord e = event(outcome);
        assertThat(e).isInstanceOf(ReplicationEvent.class);
        return (ReplicationEvent) e;
    }

    private static String reason(Outcome outcome) {
        if (outcome instanceof Outcome.Ignored i) {
            return i.reason();
        }
        assertThat(outcome).isInstanceOf(Outcome.Invalid.class);
        return ((Outcome.Invalid) outcome).reason();
    }

    @Test
    void connectionLinesAreNoPgauditRecords() {
        assertThat(fixtureLine(1)).isEqualTo(new Outcome.Ignored(null, "not a pgaudit record"));
        assertThat(fixtureLine(2)).isEqualTo(new Outcome.Ignored(null, "not a pgaudit record"));
    }

    @Test
    void aSessionSelectLoggedWithoutItsObjectsReadsNothing() {
        String why = "a statement logged without its objects: the OBJECT lines, or pgaudit.log_relation,"
                + " name what it read";
        assertThat(fixtureLine(3)).isEqualTo(new Outcome.Ignored("READ/SELECT", why));
        assertThat(fixtureLine(5)).isEqualTo(new Outcome.Ignored("READ/SELECT", why));
    }

    @Test
    void anObjectSelectIsAQueryOfTheTable() {
        DataAccessEvent e = access(fixtureLine(4));

        assertThat(e.getEventId()).isEqualTo("55cb70b8.585a:4");
        assertThat(e.getOccurredAt()).isEqualTo(Instant.parse("2015-08-12T16:13:44.889Z"));
        assertThat(e.getPrincipalId()).isEqualTo("user2");
        assertThat(e.getCredentialId()).isNull();
        assertThat(e.getAuthMethod()).isEqualTo(AuthMethod.UNKNOWN);
        assertThat(e.getAction()).isEqualTo(AccessAction.QUERY);
        assertThat(e.getAssetId()).isEqualTo("postgres/public.test2");
        assertThat(e.getRecordCount()).as("no log_rows: one record").isEqualTo(1);
        assertThat(e.getByteCount()).isZero();
        assertThat(e.getClientIp()).as("[local]: a Unix socket").isNull();
        assertThat(e.getApplication()).isNull();
        assertThat(e.getAttributes())
                .containsOnly(
                        Map.entry(EventAttributes.SOURCE, "pgaudit"),
                        Map.entry(EventAttributes.SOURCE_EVENT, "READ/SELECT"),
                        Map.entry(EventAttributes.SOURCE_RECORD, "55cb70b8.585a:4"),
                        Map.entry(PgAuditSource.DATABASE, "postgres"),
                        Map.entry(EventAttributes.USER_AGENT, "psql"));
    }

    @Test
    void aStatementNamingTwoObjectsIsOneEventPerObjectLine() {
        DataAccessEvent table = access(fixtureLine(6));
        DataAccessEvent view = access(fixtureLine(7));

        assertThat(table.getEventId()).isEqualTo("55cb70b8.585a:6");
        assertThat(table.getAssetId()).isEqualTo("postgres/public.test2");
        assertThat(view.getEventId()).isEqualTo("55cb70b8.585a:7");
        assertThat(view.getAssetId()).isEqualTo("postgres/public.vw_test3");
        assertThat(view.getAction()).isEqualTo(AccessAction.QUERY);
        assertThat(view.getPrincipalId()).isEqualTo("user2");
    }

    @Test
    void writesAreIgnoredButTheReadInsideAnInsertIsMapped() {
        String why = "a write: data comes into the database, none leaves";
        assertThat(fixtureLine(8)).isEqualTo(new Outcome.Ignored("WRITE/INSERT", why));
        assertThat(fixtureLine(9)).isEqualTo(new Outcome.Ignored("WRITE/INSERT", why));

        DataAccessEvent e = access(fixtureLine(10));
        assertThat(e.getEventId()).isEqualTo("55cb70b8.585a:10");
        assertThat(e.getAssetId()).isEqualTo("postgres/public.test2");
        assertThat(e.getAction()).isEqualTo(AccessAction.QUERY);
    }

    @Test
    void theFixtureIsTenRecordsFourOfThemReads() {
        Tally tally = new Tally();
        read(PgFixtures.text(PgFixtures.SESSION)).forEach(tally::count);

        assertThat(tally.total().records()).isEqualTo(10);
        assertThat(tally.total().mapped()).isEqualTo(4);
        assertThat(tally.total().ignored()).isEqualTo(6);
        assertThat(tally.total().events()).isEqualTo(4);
    }

    @Test
    void theRowCountOfLogRowsIsTheRecordCount() {
        DataAccessEvent e = access(one(with(line(4), MESSAGE, OBJECT_SELECT + "<previously logged>,<not logged>,3")));
        assertThat(e.getRecordCount()).isEqualTo(3);

        DataAccessEvent none = access(one(with(line(4), MESSAGE, OBJECT_SELECT + "<previously logged>,<none>,0")));
        assertThat(none.getRecordCount()).as("zero rows read").isZero();

        assertThat(one(with(line(4), MESSAGE, OBJECT_SELECT + "x,<none>,many"))).isInstanceOf(Outcome.Invalid.class);
    }

    /** The AUDIT messages of a published client-side log (each after its "NOTICE:  "), verbatim. */
    private static List<String> publishedMessages(String file) {
        String text = PgFixtures.text(file);
        List<String> messages = new ArrayList<>();
        for (String part : text.split("(^|\n)NOTICE:  ")) {
            if (!part.isEmpty()) {
                messages.add(part.endsWith("\n") ? part.substring(0, part.length() - 1) : part);
            }
        }
        return messages;
    }

    @Test
    void publishedLogRowsMessagesInACsvlogRecordGiveTheirRowCounts() {
        List<String> select = publishedMessages(PgFixtures.SELECT_LOG_ROWS);
        assertThat(select).hasSize(2);
        // OBJECT and SESSION logging of the same statement: one read of public.account, 3 rows.
        List<Outcome> outcomes = read(csv(with(line(4), MESSAGE, select.get(0)))
                + csv(with(with(line(4), LINE, "5"), MESSAGE, select.get(1))));
        assertThat(outcomes).hasSize(2);
        DataAccessEvent e = access(outcomes.get(0));
        assertThat(e.getAssetId()).isEqualTo("postgres/public.account");
        assertThat(e.getRecordCount()).isEqualTo(3);
        assertThat(outcomes.get(1)).isInstanceOf(Outcome.Ignored.class);

        List<String> copy = publishedMessages(PgFixtures.COPY_TO_STDOUT);
        assertThat(copy).containsExactly("AUDIT: SESSION,51,1,READ,COPY,,,COPY account TO stdout;,<none>,0");
        assertThat(one(with(line(4), MESSAGE, copy.get(0))))
                .as("a COPY logged without its relation names no table")
                .isInstanceOf(Outcome.Ignored.class);
    }

    private static String copy(String statement, String rows) {
        return "AUDIT: SESSION,1,1,READ,COPY,TABLE,public.test2," + statement + ",<not logged>," + rows;
    }

    @Test
    void copyToStdoutIsAReadOfTheTable() {
        DataAccessEvent e = access(one(with(line(4), MESSAGE, copy("COPY test2 TO STDOUT;", "5"))));

        assertThat(e.getAction()).isEqualTo(AccessAction.READ);
        assertThat(e.getAssetId()).isEqualTo("postgres/public.test2");
        assertThat(e.getRecordCount()).isEqualTo(5);
        assertThat(e.getAttributes()).containsEntry(EventAttributes.SOURCE_EVENT, "READ/COPY");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "COPY test2 TO '/tmp/test2.csv' WITH (FORMAT csv);",
                "copy public.test2 to E'/tmp/t.csv'",
                "COPY test2 TO PROGRAM 'gzip > /tmp/t.gz';",
                "COPY (SELECT id FROM test2 WHERE note = ' TO STDOUT') TO '/tmp/q.csv';"
            })
    void copyToAFileOrAProgramIsAnExportOfTheTable(String statement) {
        ReplicationEvent e =
                replication(one(with(line(4), MESSAGE, copy("\"" + statement.replace("\"", "\"\"") + "\"", "7"))));

        assertThat(e.getKind()).isEqualTo(ReplicationKind.EXPORT);
        assertThat(e.getEventId()).isEqualTo("55cb70b8.585a:4");
        assertThat(e.getJobId()).isEqualTo("55cb70b8.585a:4");
        assertThat(e.getOccurredAt()).isEqualTo(Instant.parse("2015-08-12T16:13:44.889Z"));
        assertThat(e.getPrincipalId()).isEqualTo("user2");
        assertThat(e.getSourceAssetId()).isEqualTo("postgres/public.test2");
        assertThat(e.getDestinationAssetId())
                .as("a file or program of the server: none known")
                .isNull();
        assertThat(e.getDestinationRegion()).isNull();
        assertThat(e.getDestinationAccount()).isNull();
        assertThat(e.getRecordCount()).isEqualTo(7);
        assertThat(e.getPublicAccess()).isFalse();
        assertThat(e.getAttributes())
                .containsEntry(EventAttributes.SOURCE_EVENT, "READ/COPY")
                .containsEntry(EventAttributes.SOURCE_RECORD, "55cb70b8.585a:4");
    }

    @Test
    void copyOfAQueryToStdoutIsARead() {
        String statement = "\"COPY (SELECT * FROM test2 WHERE x = 'TO ''/f''') TO STDOUT\"";
        assertThat(access(one(with(line(4), MESSAGE, copy(statement, "1")))).getAction())
                .isEqualTo(AccessAction.READ);
    }

    @Test
    void anObjectLineAfterItsStatementTakesTheCopyTargetLoggedBefore() {
        String session = copy("\"COPY test2 TO '/tmp/t.csv'\"", "2").replace("TABLE,public.test2", ",");
        String object = "AUDIT: OBJECT,1,1,READ,COPY,TABLE,public.test2,<previously logged>,<previously logged>,2";
        List<Outcome> outcomes = read(csv(with(line(3), MESSAGE, session)) + csv(with(line(4), MESSAGE, object)));

        assertThat(outcomes.get(0)).isInstanceOf(Outcome.Ignored.class);
        assertThat(replication(outcomes.get(1)).getSourceAssetId()).isEqualTo("postgres/public.test2");
    }

    @Test
    void aRelationLoggedByBothSessionAndObjectLoggingCountsOnce() {
        String session =
                "AUDIT: SESSION,1,1,READ,SELECT,TABLE,public.test2,\"SELECT *\n  FROM test3, test2;\",<not logged>";
        List<Outcome> outcomes = read(csv(with(line(3), MESSAGE, session)) + csv(line(4)));

        assertThat(access(outcomes.get(0)).getEventId()).isEqualTo("55cb70b8.585a:3");
        assertThat(outcomes.get(1))
                .isEqualTo(new Outcome.Ignored(
                        "READ/SELECT",
                        "the statement's read of this object is already mapped (SESSION and OBJECT lines)"));
    }

    @Test
    void aClientAddressIsTheHostOfConnectionFrom() {
        assertThat(access(one(with(line(4), FROM, "192.0.2.10:54321"))).getClientIp())
                .isEqualTo("192.0.2.10");
        assertThat(access(one(with(line(4), FROM, "2001:db8::7:54321"))).getClientIp())
                .as("csvlog writes an IPv6 host and its port without brackets")
                .isEqualTo("2001:db8::7");
        assertThat(access(one(with(line(4), FROM, "::1:5432"))).getClientIp()).isEqualTo("::1");
        assertThat(access(one(with(line(4), FROM, "[2001:db8::7]:54321"))).getClientIp())
                .isEqualTo("2001:db8::7");
        assertThat(access(one(with(line(4), FROM, "client.example.com:54321"))).getClientIp())
                .as("log_hostname: a name is no address")
                .isNull();
        assertThat(access(one(with(line(4), FROM, "[local]"))).getClientIp()).isNull();
        assertThat(access(one(with(line(4), FROM, ""))).getClientIp()).isNull();
    }

    @Test
    void anOrdinaryLogLineIsIgnoredWhateverItsSeverity() {
        List<String> error = with(with(line(1), SEVERITY, "ERROR"), SQLSTATE, "42P01");
        assertThat(one(with(error, MESSAGE, "relation \"test4\" does not exist")))
                .isEqualTo(new Outcome.Ignored(null, "not a pgaudit record"));
    }

    @Test
    void anAuditLineWithAnErrorSeverityOrAFailingSqlstateFailed() {
        List<String> error = with(with(line(4), SEVERITY, "ERROR"), SQLSTATE, "42501");
        assertThat(one(error)).isEqualTo(new Outcome.Failed("READ/SELECT", "42501"));
        assertThat(one(with(with(line(4), SEVERITY, "FATAL"), SQLSTATE, "")))
                .isEqualTo(new Outcome.Failed("READ/SELECT", "FATAL"));
        assertThat(one(with(line(4), SQLSTATE, "42501"))).isEqualTo(new Outcome.Failed("READ/SELECT", "42501"));
        assertThat(one(with(line(4), SQLSTATE, "00000"))).isInstanceOf(Outcome.Mapped.class);
        assertThat(one(with(line(4), SQLSTATE, "02000"))).isInstanceOf(Outcome.Mapped.class);
        assertThat(one(with(line(4), SQLSTATE, "\u001b[2J")))
                .isEqualTo(new Outcome.Failed("READ/SELECT", "sql_state_code \\u{1B}[2J"));
    }

    @Test
    void theFixturesWarningSqlstateIsNoFailure() {
        assertThat(line(4).get(SEVERITY)).isEqualTo("WARNING");
        assertThat(line(4).get(SQLSTATE)).isEqualTo("01000");
        assertThat(fixtureLine(4)).isInstanceOf(Outcome.Mapped.class);
    }

    @Test
    void otherClassesAndObjectsAreIgnoredWithAReason() {
        assertThat(
                        reason(
                                one(
                                        with(
                                                line(4),
                                                MESSAGE,
                                                "AUDIT: SESSION,1,1,DDL,CREATE TABLE,TABLE,public.t,\"create table t (id int)\",<not logged>"))))
                .isEqualTo("a schema change moves no rows");
        assertThat(reason(one(with(
                        line(4),
                        MESSAGE,
                        "AUDIT: SESSION,1,1,ROLE,GRANT,TABLE,public.t,grant select on t to u,<not logged>"))))
                .isEqualTo("a role or privilege change moves no rows");
        assertThat(reason(one(with(
                        line(4),
                        MESSAGE,
                        "AUDIT: SESSION,1,1,FUNCTION,EXECUTE,FUNCTION,public.f,select f(),<not logged>"))))
                .isEqualTo("a function call: its reads are logged as READ lines of their own");
        assertThat(reason(one(with(line(4), MESSAGE, "AUDIT: SESSION,1,1,MISC,VACUUM,,,vacuum,<not logged>"))))
                .isEqualTo("a miscellaneous command moves no rows");
        assertThat(reason(one(with(
                        line(4),
                        MESSAGE,
                        "AUDIT: SESSION,1,1,READ,SELECT,SEQUENCE,public.s,select nextval('s'),<not logged>"))))
                .isEqualTo("reads no table or view");
        assertThat(reason(one(
                        with(line(4), MESSAGE, "AUDIT: SESSION,1,1,NEWCLASS,SELECT,TABLE,public.t,x,<not logged>"))))
                .isEqualTo("not a pgaudit class that moves data");
    }

    @Test
    void theWiderCsvlogsOfNewerPostgresqlAreRead() {
        List<String> v13 = new ArrayList<>(line(4));
        v13.add("client backend");
        List<String> v14 = new ArrayList<>(v13);
        v14.add("");
        v14.add("-3228735839453454208");

        assertThat(access(one(v13))).isEqualTo(access(fixtureLine(4)));
        assertThat(access(one(v14))).isEqualTo(access(fixtureLine(4)));
    }

    @ParameterizedTest
    @ValueSource(ints = {22, 25, 27})
    void otherWidthsAreNoCsvlogRecordAndTheNextRecordIsStillRead(int width) {
        List<String> record = new ArrayList<>(line(4));
        while (record.size() < width) {
            record.add("");
        }
        List<Outcome> outcomes = read(csv(record.subList(0, width)) + csv(line(7)));

        assertThat(outcomes).hasSize(2);
        assertThat(reason(outcomes.get(0)))
                .isEqualTo("not a csvlog record: " + width + " columns (csvlog writes 23, 24 or 26)");
        assertThat(access(outcomes.get(1)).getAssetId()).isEqualTo("postgres/public.vw_test3");
    }

    @Test
    void logTimesInOtherZonesAreRead() {
        assertThat(access(one(with(line(4), 0, "2015-08-12 18:13:44.889 +02"))).getOccurredAt())
                .isEqualTo(Instant.parse("2015-08-12T16:13:44.889Z"));
        assertThat(reason(one(with(line(4), 0, "2015-08-12 18:13:44.889 CEST"))))
                .isEqualTo("log_time is not a time with UTC, GMT or a numeric offset");
    }

    @Test
    void whatEveryAuditLineHasIsChecked() {
        assertThat(reason(one(with(line(4), USER, "")))).isEqualTo("an AUDIT line without user_name or database_name");
        assertThat(reason(one(with(line(4), USER, "user\u001b[2J"))))
                .isEqualTo("the line names an id longer than 256 characters or with control characters");
        assertThat(reason(one(with(
                        line(4), MESSAGE, OBJECT_SELECT.replace("public.test2", "public." + "t".repeat(300)) + "x,y"))))
                .isEqualTo("the line names an id longer than 256 characters or with control characters");
        assertThat(reason(one(with(line(4), 5, "55cb70b8.585a\n"))))
                .isEqualTo("session_id or session_line_num is not csvlog's");
        assertThat(reason(one(with(line(4), LINE, "four"))))
                .isEqualTo("session_id or session_line_num is not csvlog's");
        assertThat(reason(one(with(line(4), MESSAGE, "AUDIT: OBJECT,1,1,READ,SELECT,TABLE,public.test2"))))
                .isEqualTo("not a pgaudit message: AUDIT: with 9 fields, or 10 with a row count");
        assertThat(reason(one(with(line(4), MESSAGE, OBJECT_SELECT + "\"unclosed,x"))))
                .isEqualTo("not a pgaudit message: AUDIT: with 9 fields, or 10 with a row count");
    }

    @Test
    void windowsLineEndsAreRead() {
        String text = PgFixtures.text(PgFixtures.SESSION).replace("\n", "\r\n");
        List<Outcome> outcomes = read(text);

        assertThat(outcomes).hasSize(10);
        assertThat(outcomes.stream().filter(o -> o instanceof Outcome.Mapped).count())
                .isEqualTo(4);
    }

    @Test
    void theSourceIsRegistered() {
        assertThat(Sources.NAMES).contains(PgAuditSource.NAME);
        assertThat(Sources.create("pgaudit", Sources.Options.defaults())).isInstanceOf(PgAuditSource.class);
    }
}
