package dev.loadtest.runner.loadfile;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a loadfile finds the data files that sit beside it (a CSV of users, request bodies): the folder of the
 * loadfile, published as the system property {@value #PROPERTY} before the loadfile's classes load, so that a
 * static initialiser can read it. The same code then works locally ({@code -f shop/ShopUser.java}: {@code shop})
 * and in a cluster ({@code /loadtest/loadfile} for a ConfigMap loadfile, the jar's folder in a custom image).
 */
public final class LoadfileFolder {

    public static final String PROPERTY = "loadtest.loadfile.dir";

    private LoadfileFolder() {
    }

    /** The folder of a loadfile: the folder itself when given one, else the folder holding the file or jar. */
    public static Path of(Path loadfile) {
        Path absolute = loadfile.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            return absolute;
        }
        Path parent = absolute.getParent();
        return parent == null ? absolute : parent;
    }

    /** Sets {@value #PROPERTY} to the folder of this loadfile. */
    static void publish(Path loadfile) {
        System.setProperty(PROPERTY, of(loadfile).toString());
    }
}
