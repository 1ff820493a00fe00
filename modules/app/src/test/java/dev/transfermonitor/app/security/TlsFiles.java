package dev.transfermonitor.app.security;

import dev.transfermonitor.app.Keytool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Key and trust stores made at test time with the JDK's keytool, so no private key is ever
 * committed: a self-signed certificate for CN=localhost (SAN localhost and 127.0.0.1) in the
 * broker's PKCS12 key store, a trust store holding it, and a client key store of its own.
 * Passwords are random and reach keytool through its environment, never its command line.
 */
record TlsFiles(
        Path brokerKeystore,
        String brokerKeystorePassword,
        Path truststore,
        String truststorePassword,
        Path clientKeystore,
        String clientKeystorePassword) {

    static TlsFiles generate(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TlsFiles tls = new TlsFiles(
                dir.resolve("broker.p12"),
                password(),
                dir.resolve("truststore.p12"),
                password(),
                dir.resolve("client.p12"),
                password());
        Path certificate = dir.resolve("broker.crt");
        keyPair(tls.brokerKeystore, tls.brokerKeystorePassword, "CN=localhost");
        keytool(
                Map.of("STOREPASS", tls.brokerKeystorePassword),
                "-exportcert",
                "-rfc",
                "-alias",
                "key",
                "-keystore",
                tls.brokerKeystore.toString(),
                "-storepass:env",
                "STOREPASS",
                "-file",
                certificate.toString());
        keytool(
                Map.of("STOREPASS", tls.truststorePassword),
                "-importcert",
                "-noprompt",
                "-alias",
                "broker",
                "-file",
                certificate.toString(),
                "-keystore",
                tls.truststore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass:env",
                "STOREPASS");
        keyPair(tls.clientKeystore, tls.clientKeystorePassword, "CN=transfer-monitor");
        return tls;
    }

    private static void keyPair(Path keystore, String password, String dname) {
        keytool(
                Map.of("STOREPASS", password),
                "-genkeypair",
                "-alias",
                "key",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                dname,
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass:env",
                "STOREPASS",
                "-keypass:env",
                "STOREPASS");
    }

    private static String password() {
        return "pw-" + UUID.randomUUID();
    }

    private static void keytool(Map<String, String> env, String... args) {
        Keytool.run(env, args);
    }
}
