package dev.loadtest.testcluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Materialises a pod's volumes as plain folders under {@code <podDir>/volumes/<name>} and links each
 * {@code volumeMount} to {@code <root><mountPath>}, so that a process finds {@code mountPath} below
 * {@code $POD_ROOT}. Supported: configMap, secret, emptyDir, downwardAPI, projected (configMap, secret,
 * downwardAPI, serviceAccountToken through the TokenRequest API) and hostPath (a link to the host path).
 */
public final class PodVolumes {
    private final ObjectSource objects;

    public PodVolumes(ObjectSource objects) {
        this.objects = objects;
    }

    /** @throws PodConfigException if a non-optional ConfigMap or Secret (or one of its keys) is missing */
    public void mount(Pod pod, String podIp, Path podDir, Path root) {
        Map<String, Volume> volumes = new LinkedHashMap<>();
        for (Volume v : nullToEmpty(pod.getSpec().getVolumes())) {
            volumes.put(v.getName(), v);
        }
        Path volumesDir = podDir.resolve("volumes");
        for (Volume volume : volumes.values()) {
            materialise(pod, podIp, volume, volumesDir.resolve(volume.getName()));
        }
        for (Container c : containers(pod)) {
            for (VolumeMount mount : nullToEmpty(c.getVolumeMounts())) {
                Volume volume = volumes.get(mount.getName());
                if (volume == null) {
                    throw new PodConfigException("container " + c.getName() + " mounts volume \"" + mount.getName()
                            + "\", which the pod does not declare");
                }
                link(under(root, mount.getMountPath()), source(volume, volumesDir, mount));
            }
        }
    }

    /** Where on the host a mount's content is: the volume's folder (or host path), and the mount's subPath in it. */
    static Path source(Volume volume, Path volumesDir, VolumeMount mount) {
        Path source = volume.getHostPath() != null ? Path.of(volume.getHostPath().getPath())
                : volumesDir.resolve(volume.getName());
        if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
            source = source.resolve(mount.getSubPath());
        }
        return source;
    }

    /** Whether the kubelet mounts this kind of volume read-only whatever the mount says (it holds API data). */
    static boolean apiData(Volume volume) {
        return volume.getConfigMap() != null || volume.getSecret() != null || volume.getDownwardAPI() != null
                || volume.getProjected() != null;
    }

    /** {@code root + absolutePath}, refusing paths that would climb out of the pod's root. */
    public static Path under(Path root, String absolutePath) {
        Path resolved = root.resolve(absolutePath.replaceFirst("^/+", "")).normalize();
        if (!resolved.startsWith(root)) {
            throw new PodConfigException("path " + absolutePath + " leaves the pod's root");
        }
        return resolved;
    }

    private void materialise(Pod pod, String podIp, Volume volume, Path dir) {
        String ns = pod.getMetadata().getNamespace();
        try {
            Files.createDirectories(dir);
            if (volume.getConfigMap() != null) {
                var src = volume.getConfigMap();
                Optional<ConfigMap> cm = objects.configMap(ns, src.getName());
                if (cm.isEmpty() && !Boolean.TRUE.equals(src.getOptional())) {
                    throw new PodConfigException("configmap \"" + src.getName() + "\" not found (volume " + volume.getName() + ")");
                }
                if (cm.isPresent()) {
                    writeItems(dir, KeyValues.of(cm.get()), src.getItems(), src.getDefaultMode(), "configmap " + src.getName(), src.getOptional());
                }
            } else if (volume.getSecret() != null) {
                var src = volume.getSecret();
                Optional<Secret> secret = objects.secret(ns, src.getSecretName());
                if (secret.isEmpty() && !Boolean.TRUE.equals(src.getOptional())) {
                    throw new PodConfigException("secret \"" + src.getSecretName() + "\" not found (volume " + volume.getName() + ")");
                }
                if (secret.isPresent()) {
                    writeItems(dir, KeyValues.of(secret.get()), src.getItems(), src.getDefaultMode(), "secret " + src.getSecretName(), src.getOptional());
                }
            } else if (volume.getDownwardAPI() != null) {
                writeDownward(pod, podIp, dir, volume.getDownwardAPI().getItems());
            } else if (volume.getProjected() != null) {
                for (VolumeProjection p : nullToEmpty(volume.getProjected().getSources())) {
                    if (p.getConfigMap() != null) {
                        var src = p.getConfigMap();
                        Optional<ConfigMap> cm = objects.configMap(ns, src.getName());
                        if (cm.isEmpty() && !Boolean.TRUE.equals(src.getOptional())) {
                            throw new PodConfigException("configmap \"" + src.getName() + "\" not found (volume " + volume.getName() + ")");
                        }
                        if (cm.isPresent()) {
                            writeItems(dir, KeyValues.of(cm.get()), src.getItems(), null, "configmap " + src.getName(), src.getOptional());
                        }
                    } else if (p.getSecret() != null) {
                        var src = p.getSecret();
                        Optional<Secret> secret = objects.secret(ns, src.getName());
                        if (secret.isEmpty() && !Boolean.TRUE.equals(src.getOptional())) {
                            throw new PodConfigException("secret \"" + src.getName() + "\" not found (volume " + volume.getName() + ")");
                        }
                        if (secret.isPresent()) {
                            writeItems(dir, KeyValues.of(secret.get()), src.getItems(), null, "secret " + src.getName(), src.getOptional());
                        }
                    } else if (p.getDownwardAPI() != null) {
                        writeDownward(pod, podIp, dir, p.getDownwardAPI().getItems());
                    } else if (p.getServiceAccountToken() != null) {
                        var src = p.getServiceAccountToken();
                        String account = pod.getSpec().getServiceAccountName() == null ? "default" : pod.getSpec().getServiceAccountName();
                        String token = objects.serviceAccountToken(ns, account, src.getAudience(), src.getExpirationSeconds());
                        write(under(dir, src.getPath()), token.getBytes(StandardCharsets.UTF_8), null);
                    }
                }
            }
            if (volume.getEmptyDir() != null) {
                // as the kubelet makes it: writable by whatever uid the container runs as
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            }
            // emptyDir: the empty folder is all there is; hostPath: linked directly in mount()
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write volume " + volume.getName() + " in " + dir, e);
        }
    }

    private static void writeItems(Path dir, Map<String, byte[]> data, List<KeyToPath> items, Integer defaultMode,
                                   String what, Boolean optional) throws IOException {
        if (items == null || items.isEmpty()) {
            for (var e : data.entrySet()) {
                write(dir.resolve(e.getKey()), e.getValue(), defaultMode);
            }
            return;
        }
        for (KeyToPath item : items) {
            byte[] value = data.get(item.getKey());
            if (value == null) {
                if (Boolean.TRUE.equals(optional)) {
                    continue;
                }
                throw new PodConfigException("key \"" + item.getKey() + "\" not found in " + what);
            }
            write(under(dir, item.getPath()), value, item.getMode() != null ? item.getMode() : defaultMode);
        }
    }

    private static void writeDownward(Pod pod, String podIp, Path dir, List<DownwardAPIVolumeFile> items) throws IOException {
        for (DownwardAPIVolumeFile item : nullToEmpty(items)) {
            if (item.getFieldRef() != null) {
                String value = ContainerEnvironment.field(pod, podIp, item.getFieldRef().getFieldPath());
                write(under(dir, item.getPath()), value.getBytes(StandardCharsets.UTF_8), item.getMode());
            }
        }
    }

    private static void write(Path file, byte[] content, Integer mode) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        if (mode != null) {
            Files.setPosixFilePermissions(file, permissions(mode));
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                result.add(bits[i]);
            }
        }
        // the tests' own user must be able to read what it mounted
        result.add(PosixFilePermission.OWNER_READ);
        return result;
    }

    private static void link(Path at, Path target) {
        try {
            if (Files.isSymbolicLink(at)) {
                return; // another container of the pod mounts the same path
            }
            Files.createDirectories(at.getParent());
            if (Files.isDirectory(at, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                // a folder the kubelet made for every pod (e.g. /tmp) that a volume now mounts over, as a real
                // mount would hide it; it must still be empty
                Files.delete(at);
            }
            Files.createSymbolicLink(at, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mount " + target + " at " + at, e);
        }
    }

    static List<Container> containers(Pod pod) {
        List<Container> all = new java.util.ArrayList<>(nullToEmpty(pod.getSpec().getInitContainers()));
        all.addAll(nullToEmpty(pod.getSpec().getContainers()));
        return all;
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
