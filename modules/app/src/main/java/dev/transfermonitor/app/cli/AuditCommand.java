package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.audit.LedgerArchive;
import dev.transfermonitor.app.audit.LedgerAudit;
import dev.transfermonitor.app.audit.LedgerProof;
import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.config.SigningKeys;
import dev.transfermonitor.detection.ledger.DigestChecks;
import dev.transfermonitor.detection.ledger.LedgerSignatures;
import dev.transfermonitor.detection.ledger.LedgerVerifier;
import dev.transfermonitor.events.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code transfer-monitor audit}: checks on the ledger. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Checks the tamper-evident ledger of cross-border transfers (the audit topic).",
        subcommands = {
            AuditCommand.Verify.class,
            AuditCommand.Export.class,
            AuditCommand.Keygen.class,
            AuditCommand.Prove.class,
            AuditCommand.CheckProof.class
        })
public final class AuditCommand {

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Verifies the hash chains of the ledger. Each partition of the audit topic holds one chain: every entry "
                        + "has a sequence number one above the previous entry's, a previousHash equal to the previous "
                        + "entry's hash, and hash = SHA-256(previousHash || Avro encoding of the entry with an empty hash). "
                        + "The first entry of a chain (sequence 0) starts from GENESIS (64 zeros).",
                "",
                "Each partition is read from its start (or from --from) up to the end it had when verify started "
                        + "(or up to --to), committed records only, without a consumer group. A walk that does not start "
                        + "at the first entry ever written (--from, or older entries deleted by retention) anchors on "
                        + "the first entry it reads and says so: entries before it are not checked. A record that is "
                        + "not a ledger entry, an entry whose hash does not recompute, a jump or step back in the sequence "
                        + "and a previousHash that does not match are breaks.",
                "",
                "On success it prints OK, the partitions and entries checked, the first and last sequence of each "
                        + "partition and the period the entries cover (occurredAt). On failure it prints BROKEN with the "
                        + "first broken partition and offset and what is wrong, then the first break of every other "
                        + "broken partition. Progress goes to standard error every 5 s on long walks.",
                "",
                "With --public-key it also checks the signed digests of transfer.audit.digests.v1 (see audit keygen): "
                        + "each is signed by a known key, follows the digest before it by that digest's signature and "
                        + "signs new sequences only, and the entries it covers hash to its head hash and Merkle root. A "
                        + "digest that breaks that chain (deleted, replayed, forged, unknown key), entries that "
                        + "contradict their digest (a rewritten chain) and a digest covering entries that are gone "
                        + "(truncation) are breaks, named by partition and offset (of the digests topic where it is a "
                        + "digest). Entries after the last digest are reported as an unsigned tail: not yet signed, or "
                        + "appended by someone else; entries before the first digest as written before signing.",
                "",
                "T is " + TimeArgument.FORMS + ". --from and --to select by the ledger records' Kafka timestamps "
                        + "(those of the input events' records: about when each event reached Kafka), not by occurredAt."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                ExitCodes.OK + ":every chain walked is intact",
                ExitCodes.FAILURE + ":the walk could not finish, e.g. the cluster cannot be reached",
                ExitCodes.USAGE + ":bad usage or configuration: a bad time, --from not before --to, a missing "
                        + "topic",
                ExitCodes.LEDGER_BROKEN + ":a chain is broken (tampered, deleted, reordered or undecodable "
                        + "entries)",
                ExitCodes.INTERRUPTED + ":stopped (Ctrl-C) before the end: nothing is verified"
            })
    static final class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        @Option(
                names = "--from",
                paramLabel = "T",
                converter = TimeArgument.class,
                description = "Start at the first entry written at or after T (default: the start of each partition).")
        Instant from;

        @Option(
                names = "--to",
                paramLabel = "T",
                converter = TimeArgument.class,
                description =
                        "Stop before the first entry written at or after T (default: the end when verify starts).")
        Instant to;

        @Option(
                names = "--audit-topic",
                paramLabel = "NAME",
                description = "The ledger topic (default: transfer.audit.v1 behind the topic prefix).")
        String auditTopic;

        @Option(
                names = "--public-key",
                paramLabel = "FILE|DIR",
                description = "Also check the signed digests (transfer.audit.digests.v1) with this public key, or with "
                        + "every public key (*.pem) of this directory, by key id.")
        Path publicKey;

        @Option(
                names = "--files",
                paramLabel = "DIR",
                description = "Verify an export written by audit export instead of the topics: offline, without "
                        + "Kafka, the same checks (the period is the export's).")
        Path files;

        @Override
        public Integer call() {
            if (files != null) {
                if (from != null || to != null || auditTopic != null) {
                    throw new ParameterException(
                            spec.commandLine(),
                            "--files verifies what the export holds: --from, --to and --audit-topic are the export's");
                }
                LedgerAudit.Result result =
                        LedgerArchive.verify(files, publicKey == null ? null : SigningKeys.publicKeys(publicKey));
                return print(spec.commandLine().getOut(), result.topic(), result.partitions(), result.verification());
            }
            if (from != null && to != null && !from.isBefore(to)) {
                throw new ConfigException("--from (" + from + ") must be before --to (" + to + ")");
            }
            MonitorConfig config = connection.clientConfig();
            String topic = auditTopic != null ? auditTopic : config.topics().audit();
            PrintWriter out = spec.commandLine().getOut();
            LedgerAudit.Result result;
            try (GracefulStop stop = new GracefulStop()) {
                result = LedgerAudit.verify(
                        config,
                        topic,
                        from,
                        to,
                        publicKey == null ? null : SigningKeys.publicKeys(publicKey),
                        stop::isRequested,
                        Progress.toStderr(spec.commandLine().getErr(), "audit verify"));
                if (result.stopped()) {
                    out.println("INTERRUPTED: the walk was stopped before the end; nothing is verified");
                    out.flush();
                    return ExitCodes.INTERRUPTED;
                }
            }
            return print(out, topic, result.partitions(), result.verification());
        }

        static int print(PrintWriter out, String topic, int partitions, LedgerVerifier.Result result) {
            Optional<LedgerVerifier.Break> first = result.firstBreak();
            if (first.isPresent()) {
                // A break quotes hashes as the records hold them: whoever forged an entry chose those bytes.
                out.println("BROKEN: " + topic + " " + Printable.of(first.get().toString()));
                result.breaks().stream()
                        .skip(1)
                        .forEach(b -> out.println("also broken: " + Printable.of(b.toString())));
            } else {
                long tail = result.partitions().stream()
                        .filter(p -> p.signed() != null)
                        .mapToLong(p -> p.signed().unsignedTail())
                        .sum();
                out.printf(
                        Locale.ROOT,
                        "OK: %s, %d partition(s), %,d %s verified, every chain intact%s%n",
                        topic,
                        partitions,
                        result.entries(),
                        result.entries() == 1 ? "entry" : "entries",
                        result.partitions().stream().anyMatch(p -> p.signed() != null)
                                ? (tail == 0
                                        ? " and signed"
                                        : String.format(
                                                Locale.ROOT,
                                                "; an unsigned tail of %,d %s after the last digests (not yet "
                                                        + "signed, or appended by someone else: verify again after "
                                                        + "the next signing interval)",
                                                tail,
                                                tail == 1 ? "entry" : "entries"))
                                : "");
            }
            for (LedgerVerifier.PartitionResult p : result.partitions()) {
                out.println("  " + describe(p));
            }
            if (result.earliest().isPresent()) {
                out.println("period covered (occurredAt of the entries verified): "
                        + result.earliest().get() + " .. " + result.latest().orElseThrow());
            } else {
                out.println("period covered: none (no entries)");
            }
            out.flush();
            return first.isPresent() ? ExitCodes.LEDGER_BROKEN : ExitCodes.OK;
        }

        private static String describe(LedgerVerifier.PartitionResult p) {
            StringBuilder s = new StringBuilder("partition " + p.partition() + ": ");
            if (p.entries() == 0) {
                s.append("no entries");
            } else {
                s.append(String.format(
                        Locale.ROOT,
                        "%,d %s, sequence %d..%d (offsets %d..%d)",
                        p.entries(),
                        p.entries() == 1 ? "entry" : "entries",
                        p.firstSequence(),
                        p.lastSequence(),
                        p.firstOffset(),
                        p.lastOffset()));
                if (p.anchored()) {
                    s.append(", anchored on sequence ")
                            .append(p.firstSequence())
                            .append(" at offset ")
                            .append(p.firstOffset())
                            .append(": earlier entries not checked");
                }
            }
            if (p.signed() != null && (p.entries() > 0 || p.signed().digests() > 0)) {
                DigestChecks.Coverage c = p.signed();
                s.append(String.format(Locale.ROOT, "; %,d signed by %d digest(s)", c.signed(), c.digests()));
                if (c.lastKeyId() != null) {
                    s.append(
                                    c.keyIds().size() > 1
                                            ? " (keys " + String.join(" then ", c.keyIds())
                                            : " (key " + c.lastKeyId())
                            .append(", last at ")
                            .append(c.lastSignedAt())
                            .append(')');
                }
                if (c.anchoredAt() >= 0) {
                    s.append("; digests anchored on the first one left at offset ")
                            .append(c.anchoredAt())
                            .append(" (older digests deleted by retention)");
                }
                if (c.unsignedEarly() > 0) {
                    s.append(String.format(
                            Locale.ROOT, "; %,d unsigned (written before signing was enabled)", c.unsignedEarly()));
                }
                if (c.unsignedTail() > 0) {
                    s.append(String.format(
                            Locale.ROOT,
                            "; unsigned tail of %,d %s from offset %d",
                            c.unsignedTail(),
                            c.unsignedTail() == 1 ? "entry" : "entries",
                            c.unsignedTailFrom()));
                }
                if (c.unchecked() > 0) {
                    s.append(String.format(
                            Locale.ROOT, "; %d digest(s) before the walk's start not checked", c.unchecked()));
                }
            }
            if (p.broken() != null) {
                s.append(p.entries() == 0 ? "" : " intact")
                        .append(", then broken at offset ")
                        .append(p.broken().offset())
                        .append(p.broken().inDigests() ? " of the digests topic" : "")
                        .append(": ")
                        .append(Printable.of(p.broken().reason()));
            }
            return s.toString();
        }
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Writes the ledger entries and every signed digest as files, so that auditors can keep the ledger "
                        + "beyond Kafka's retention and verify it offline with audit verify --files DIR (and "
                        + "--public-key). DIR gets one file of entries per partition and hour (by the records' Kafka "
                        + "timestamps), one file of digests per partition and, last, manifest.json: an export without "
                        + "a manifest was interrupted. Each line holds the record's bytes as written (base64), which "
                        + "is what verify checks, and the record as JSON for reading.",
                "",
                "T is " + TimeArgument.FORMS + ". --from and --to select entries by Kafka timestamp as in audit "
                        + "verify; an export from --from is anchored on its first entry. Digests are exported whole."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                ExitCodes.OK + ":the export was written",
                ExitCodes.FAILURE + ":it could not finish, e.g. the cluster cannot be reached or DIR cannot be written",
                ExitCodes.USAGE + ":bad usage: a bad time, --from not before --to, DIR not empty, a missing topic",
                ExitCodes.INTERRUPTED + ":stopped (Ctrl-C): the files written so far have no manifest"
            })
    static final class Export implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        @Option(
                names = "--from",
                paramLabel = "T",
                converter = TimeArgument.class,
                description = "The first entry written at or after T (default: the start of each partition).")
        Instant from;

        @Option(
                names = "--to",
                paramLabel = "T",
                converter = TimeArgument.class,
                description =
                        "Stop before the first entry written at or after T (default: the end when export starts).")
        Instant to;

        @Parameters(paramLabel = "DIR", description = "A new or empty directory for the files.")
        Path dir;

        @Override
        public Integer call() {
            if (from != null && to != null && !from.isBefore(to)) {
                throw new ConfigException("--from (" + from + ") must be before --to (" + to + ")");
            }
            MonitorConfig config = connection.clientConfig();
            PrintWriter out = spec.commandLine().getOut();
            LedgerArchive.Exported exported;
            try (GracefulStop stop = new GracefulStop()) {
                exported = LedgerArchive.export(
                        config,
                        config.topics().audit(),
                        from,
                        to,
                        dir,
                        stop::isRequested,
                        Progress.toStderr(spec.commandLine().getErr(), "audit export"));
            }
            if (exported.stopped()) {
                out.println("INTERRUPTED: the export was stopped; " + Printable.of(dir.toString())
                        + " holds files but no manifest");
                out.flush();
                return ExitCodes.INTERRUPTED;
            }
            out.printf(
                    Locale.ROOT,
                    "Exported %,d %s of %d partition(s) and %,d digest(s) into %d file(s) in %s; verify with: "
                            + "transfer-monitor audit verify --files %s --public-key KEY%n",
                    exported.entries(),
                    exported.entries() == 1 ? "entry" : "entries",
                    exported.partitions(),
                    exported.digests(),
                    exported.files(),
                    Printable.of(dir.toString()),
                    Printable.of(dir.toString()));
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "keygen",
            mixinStandardHelpOptions = true,
            description = {
                "Creates the Ed25519 key pair that signs the ledger: FILE holds the private and the public key (PEM, "
                        + "readable by its owner only) and FILE's name with .pub.pem the public key alone.",
                "",
                "Give FILE to the monitor as ledger.signing.key; it then signs each ledger partition's chain head "
                        + "every ledger.signing.interval into transfer.audit.digests.v1. Publish the public key where "
                        + "auditors fetch it (its key id, printed here, names it in every digest); keep the private "
                        + "key where only the monitor reads it: whoever holds it can sign a forged ledger. keygen never "
                        + "replaces a key file."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                ExitCodes.OK + ":the key pair was written",
                ExitCodes.FAILURE + ":it could not be written",
                ExitCodes.USAGE + ":FILE or its public key file already exists"
            })
    static final class Keygen implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "Where to write the key pair, e.g. ledger-signing.pem.")
        Path file;

        @Override
        public Integer call() throws IOException {
            Path pub = SigningKeys.publicKeyFile(file);
            for (Path existing : new Path[] {file, pub}) {
                if (Files.exists(existing)) {
                    throw new ParameterException(
                            spec.commandLine(),
                            Printable.of(existing.toString())
                                    + " exists: keygen never replaces a key (digests name it)");
                }
            }
            KeyPair keys = SigningKeys.create(file);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "Wrote the signing key %s (owner-only; ledger.signing.key=%s) and its public key %s, key id %s.%n",
                    Printable.of(file.toString()),
                    Printable.of(file.toString()),
                    Printable.of(pub.toString()),
                    LedgerSignatures.keyId(keys.getPublic()));
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "prove",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Writes a self-contained JSON proof that one ledger entry is in the signed ledger: the entry and the "
                        + "digest that covers it, as written, and the entry's audit path in that digest's Merkle tree "
                        + "(RFC 6962). Anyone with the public key checks it with audit check-proof, without the ledger "
                        + "and without Kafka.",
                "",
                "The entry is named by its partition and offset in the ledger topic, as audit verify and report show "
                        + "them, or by its event's id (--event-id). It reads the digests topic and the entry's partition from the start; an entry not yet "
                        + "covered by a digest (they come every ledger.signing.interval) has no proof yet."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                ExitCodes.OK + ":the proof was written",
                ExitCodes.FAILURE + ":it could not be made, e.g. the cluster cannot be reached",
                ExitCodes.USAGE + ":a bad --entry, no entry there, or no digest covers it yet"
            })
    static final class Prove implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--entry", paramLabel = "PARTITION:OFFSET", description = "The ledger entry.")
        String entry;

        @Option(
                names = "--event-id",
                paramLabel = "ID",
                description = "Or the ledger entry of this event (the first one found, walking every partition).")
        String eventId;

        @Option(
                names = "--output",
                paramLabel = "FILE",
                description = "Where to write the proof (default: standard output).")
        Path output;

        @Override
        public Integer call() throws IOException {
            if ((entry == null) == (eventId == null)) {
                throw new ParameterException(
                        spec.commandLine(), "give either --entry PARTITION:OFFSET or --event-id ID");
            }
            int partition = -1;
            long offset = -1;
            if (entry != null) {
                String[] parts = entry.split(":", -1);
                try {
                    partition = Integer.parseInt(parts[0]);
                    offset = Long.parseLong(parts.length == 2 ? parts[1] : "x");
                } catch (NumberFormatException e) {
                    throw new ParameterException(
                            spec.commandLine(),
                            "--entry must be PARTITION:OFFSET, e.g. 3:1542, got " + Printable.of(entry));
                }
            }
            MonitorConfig config = connection.clientConfig();
            String proof;
            try (GracefulStop stop = new GracefulStop()) {
                if (eventId != null) {
                    LedgerProof.Located at =
                            LedgerProof.locate(config, config.topics().audit(), eventId, () -> !stop.isRequested());
                    partition = at.partition();
                    offset = at.offset();
                }
                proof = LedgerProof.prove(config, config.topics().audit(), partition, offset, () -> !stop.isRequested())
                        .toPrettyString();
            }
            if (output != null) {
                Files.writeString(output, proof + "\n");
                spec.commandLine()
                        .getOut()
                        .println("Wrote the proof of partition " + partition + " offset " + offset + " to "
                                + Printable.of(output.toString()));
            } else {
                spec.commandLine().getOut().println(proof);
            }
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "check-proof",
            mixinStandardHelpOptions = true,
            description = {
                "Checks a proof written by audit prove, offline: the entry's hash recomputes, its audit path leads to "
                        + "the Merkle root of the digest, the digest covers the entry's sequence, and the digest's "
                        + "signature is the public key's. Prints VALID and what the entry says, or INVALID and why."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                ExitCodes.OK + ":the proof holds",
                ExitCodes.USAGE + ":the file is not a proof, or a public key cannot be read",
                ExitCodes.LEDGER_BROKEN + ":the proof does not hold"
            })
    static final class CheckProof implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The proof (JSON) from audit prove.")
        Path file;

        @Option(
                names = "--public-key",
                required = true,
                paramLabel = "FILE|DIR",
                description = "The ledger's public key, or a directory of them (*.pem).")
        Path publicKey;

        @Override
        public Integer call() {
            LedgerProof.Checked checked = LedgerProof.check(file, SigningKeys.publicKeys(publicKey));
            PrintWriter out = spec.commandLine().getOut();
            if (checked.problem() != null) {
                out.println("INVALID: " + Printable.of(checked.problem()));
                out.flush();
                return ExitCodes.LEDGER_BROKEN;
            }
            out.println("VALID: " + Printable.of(checked.entry()));
            out.flush();
            return ExitCodes.OK;
        }
    }
}
