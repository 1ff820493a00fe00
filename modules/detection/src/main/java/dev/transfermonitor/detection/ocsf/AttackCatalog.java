package dev.transfermonitor.detection.ocsf;

import java.util.List;
import java.util.Map;

/**
 * The MITRE ATT&CK techniques our rules cite, with their names and the tactics under which
 * the SOC should file them. Fixed on purpose: the mapper must not need the ATT&CK data set at
 * run time, and a technique missing here still maps (by id only).
 */
final class AttackCatalog {

    /** The ATT&CK release whose names and tactics this table follows. */
    static final String VERSION = "v16";

    record Tactic(String uid, String name) {}

    record Technique(String uid, String name, List<Tactic> tactics) {}

    private static final Tactic INITIAL_ACCESS = new Tactic("TA0001", "Initial Access");
    private static final Tactic PERSISTENCE = new Tactic("TA0003", "Persistence");
    private static final Tactic CREDENTIAL_ACCESS = new Tactic("TA0006", "Credential Access");
    private static final Tactic COLLECTION = new Tactic("TA0009", "Collection");
    private static final Tactic EXFILTRATION = new Tactic("TA0010", "Exfiltration");

    private static final Map<String, Technique> TECHNIQUES = Map.of(
            "T1537",
            new Technique("T1537", "Transfer Data to Cloud Account", List.of(EXFILTRATION)),
            "T1530",
            new Technique("T1530", "Data from Cloud Storage", List.of(COLLECTION)),
            // A departed person's key still in use: how they got in, and how they stay in.
            "T1078",
            new Technique("T1078", "Valid Accounts", List.of(INITIAL_ACCESS, PERSISTENCE)),
            "T1030",
            new Technique("T1030", "Data Transfer Size Limits", List.of(EXFILTRATION)),
            "T1567",
            new Technique("T1567", "Exfiltration Over Web Service", List.of(EXFILTRATION)),
            "T1020",
            new Technique("T1020", "Automated Exfiltration", List.of(EXFILTRATION)),
            "T1552.005",
            new Technique(
                    "T1552.005", "Unsecured Credentials: Cloud Instance Metadata API", List.of(CREDENTIAL_ACCESS)));

    private AttackCatalog() {}

    /** The known technique, or one with the id alone and no name or tactic. */
    static Technique technique(String uid) {
        Technique known = TECHNIQUES.get(uid);
        return known != null ? known : new Technique(uid, null, List.of());
    }
}
