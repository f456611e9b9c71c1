package dev.loadtest.testcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Writes kubeconfig files with everything embedded, so that they stay valid wherever they are copied. */
final class Kubeconfig {
    private Kubeconfig() {
    }

    static Path withClientCertificate(Path file, String server, Path ca, String user, Path cert, Path key) {
        return write(file, server, ca, user, """
                    client-certificate-data: %s
                    client-key-data: %s
                """.formatted(base64(cert), base64(key)));
    }

    static Path withToken(Path file, String server, Path ca, String user, String token, String namespace) {
        return write(file, server, ca, user, "    token: " + token + "\n", namespace);
    }

    private static Path write(Path file, String server, Path ca, String user, String credentials) {
        return write(file, server, ca, user, credentials, "default");
    }

    private static Path write(Path file, String server, Path ca, String user, String credentials, String namespace) {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test-cluster
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: %s
                  user:
                %scontexts:
                - name: test-cluster
                  context:
                    cluster: test-cluster
                    user: %s
                    namespace: %s
                current-context: test-cluster
                """.formatted(server, base64(ca), user, credentials, user, namespace);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kubeconfig " + file, e);
        }
    }

    private static String base64(Path file) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
