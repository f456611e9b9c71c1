package dev.loadtest.testcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PKI made with the {@code openssl} command, as in the reference start script: a CA, the API
 * server's serving certificate, client certificates for the admin and the controller manager (both in
 * {@code system:masters}), the service-account signing key and a static admin bearer token.
 *
 * <p>EC P-256 keys where the consumer is Go (generated in milliseconds); RSA for the admin client key and
 * the service-account key, which Java clients and every Kubernetes version read without extra providers.
 */
public final class Pki {
    private final Path dir;
    private final String adminToken;

    private Pki(Path dir, String adminToken) {
        this.dir = dir;
        this.adminToken = adminToken;
    }

    static Pki create(Path dir) {
        try {
            Files.createDirectories(dir);
            ecKey(dir, "ca.key");
            openssl(dir, "req", "-x509", "-new", "-key", "ca.key", "-out", "ca.crt", "-days", "3650", "-subj", "/CN=test-cluster-ca");

            ecKey(dir, "apiserver.key");
            Files.writeString(dir.resolve("apiserver.ext"), """
                    basicConstraints=CA:FALSE
                    keyUsage=digitalSignature,keyEncipherment
                    extendedKeyUsage=serverAuth
                    subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
                    """);
            signed(dir, "apiserver", "/CN=kube-apiserver", "apiserver.ext");

            Files.writeString(dir.resolve("client.ext"), """
                    basicConstraints=CA:FALSE
                    keyUsage=digitalSignature,keyEncipherment
                    extendedKeyUsage=clientAuth
                    """);
            rsaKey(dir, "admin.key");
            signed(dir, "admin", "/O=system:masters/CN=test-admin", "client.ext");
            ecKey(dir, "kcm.key");
            signed(dir, "kcm", "/O=system:masters/CN=system:kube-controller-manager", "client.ext");

            rsaKey(dir, "sa.key");
            openssl(dir, "pkey", "-in", "sa.key", "-pubout", "-out", "sa.pub");

            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String token = HexFormat.of().formatHex(random);
            Files.writeString(dir.resolve("tokens.csv"), token + ",test-admin,test-admin,\"system:masters\"\n");
            return new Pki(dir, token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test PKI in " + dir, e);
        }
    }

    private static void ecKey(Path dir, String file) {
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", file);
    }

    private static void rsaKey(Path dir, String file) {
        openssl(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", file);
    }

    private static void signed(Path dir, String name, String subject, String extFile) {
        openssl(dir, "req", "-new", "-key", name + ".key", "-out", name + ".csr", "-subj", subject);
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "3650", "-extfile", extFile, "-out", name + ".crt");
    }

    private static void openssl(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("openssl failed: " + String.join(" ", command) + "\n" + new String(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run openssl (install it: apt-get install openssl)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running openssl", e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** A static bearer token of the admin user (system:masters). */
    public String adminToken() {
        return adminToken;
    }
}
