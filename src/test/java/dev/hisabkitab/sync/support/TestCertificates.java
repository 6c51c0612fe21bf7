package dev.hisabkitab.sync.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * TLS material a test makes for itself with the JDK's keytool (no library, nothing checked in): a CA, a broker key
 * with a certificate for {@code 127.0.0.1} signed by it (so clients verify the host name as in production), and a
 * truststore holding only the CA; on demand a client's key and certificate signed by the CA ({@link #clientKeystore}). PKCS12 files in {@code dir}, one random password for all.
 */
public final class TestCertificates {

    private final Path dir;
    private final String password = UUID.randomUUID().toString();

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Makes the CA, the broker's keystore and the truststore in {@code dir}. */
    public static TestCertificates create(Path dir) {
        TestCertificates c = new TestCertificates(dir);
        c.make();
        return c;
    }

    /** The broker's key and certificate chain (PKCS12). */
    public Path brokerKeystore() {
        return dir.resolve("broker.p12");
    }

    /** The CA's certificate only (PKCS12): what a client trusts. */
    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /**
     * A client's key and certificate chain (PKCS12, {@code <name>.p12}) for mutual TLS: {@code CN=<commonName>}
     * signed by this CA, so a listener that trusts the CA and requires a client certificate lets it in.
     */
    public Path clientKeystore(String commonName) {
        Path keystore = dir.resolve(commonName + ".p12");
        String csr = dir.resolve(commonName + ".csr").toString();
        String signed = dir.resolve(commonName + ".pem").toString();
        String ca = dir.resolve("ca.p12").toString();
        keytool("-genkeypair", "-alias", "client", "-dname", "CN=" + commonName, "-keyalg", "EC", "-groupname",
                "secp256r1", "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12");
        keytool("-certreq", "-alias", "client", "-keystore", keystore.toString(), "-file", csr);
        keytool("-gencert", "-alias", "ca", "-keystore", ca, "-infile", csr, "-outfile", signed, "-rfc",
                "-ext", "EKU=clientAuth", "-validity", "2");
        keytool("-importcert", "-alias", "ca", "-file", dir.resolve("ca.pem").toString(), "-keystore",
                keystore.toString(), "-noprompt");
        keytool("-importcert", "-alias", "client", "-file", signed, "-keystore", keystore.toString());
        return keystore;
    }

    /** The password of every store and key made here. */
    public String password() {
        return password;
    }

    private void make() {
        String ca = dir.resolve("ca.p12").toString();
        String caPem = dir.resolve("ca.pem").toString();
        String broker = brokerKeystore().toString();
        String csr = dir.resolve("broker.csr").toString();
        String signed = dir.resolve("broker.pem").toString();
        // EC keys: generated at once (RSA takes seconds on these machines); valid for two days
        keytool("-genkeypair", "-alias", "ca", "-dname", "CN=hisabkitab-test-ca", "-keyalg", "EC", "-groupname",
                "secp256r1", "-validity", "2", "-ext", "bc:c", "-keystore", ca, "-storetype", "PKCS12");
        keytool("-exportcert", "-alias", "ca", "-keystore", ca, "-rfc", "-file", caPem);
        keytool("-genkeypair", "-alias", "broker", "-dname", "CN=127.0.0.1", "-keyalg", "EC", "-groupname",
                "secp256r1", "-validity", "2", "-keystore", broker, "-storetype", "PKCS12");
        keytool("-certreq", "-alias", "broker", "-keystore", broker, "-file", csr);
        keytool("-gencert", "-alias", "ca", "-keystore", ca, "-infile", csr, "-outfile", signed, "-rfc",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2");
        keytool("-importcert", "-alias", "ca", "-file", caPem, "-keystore", broker, "-noprompt");
        keytool("-importcert", "-alias", "broker", "-file", signed, "-keystore", broker);
        keytool("-importcert", "-alias", "ca", "-file", caPem, "-keystore", truststore().toString(), "-storetype",
                "PKCS12", "-noprompt");
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", password, "-keypass", password));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + new String(out,
                        StandardCharsets.UTF_8).replace(password, "****"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running keytool", e);
        }
    }
}
