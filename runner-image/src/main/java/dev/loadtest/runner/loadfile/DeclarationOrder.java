package dev.loadtest.runner.loadfile;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Source order of a class's methods, read from its class file: reflection returns methods in no particular
 * order, but a SequentialTaskSet must run its tasks in declaration order. The first line number of each
 * method orders them; without debug information the class file's method table order (javac's source
 * order) does.
 */
final class DeclarationOrder {

    private DeclarationOrder() {
    }

    /** Method name to a sort key (first line, or table position), for methods declared in {@code type}. */
    static Map<String, Integer> methods(Class<?> type) {
        Map<String, Integer> order = new HashMap<>();
        String resource = type.getName().replace('.', '/') + ".class";
        ClassLoader loader = type.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : type.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in != null) {
                read(new DataInputStream(in), order);
            }
        } catch (IOException | RuntimeException e) {
            // unreadable class file: fall back to name order, decided by the caller
        }
        return order;
    }

    /** The first source line of a class (its earliest method line), for ordering nested task sets. */
    static int firstLine(Class<?> type) {
        return methods(type).values().stream().filter(v -> v < Integer.MAX_VALUE / 2).min(Integer::compare)
                .orElse(Integer.MAX_VALUE / 2);
    }

    private static void read(DataInputStream in, Map<String, Integer> order) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            return;
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        in.skipNBytes(6);
        in.skipNBytes(2L * in.readUnsignedShort());
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            in.skipNBytes(6);
            skipAttributes(in);
        }
        int methods = in.readUnsignedShort();
        for (int i = 0; i < methods; i++) {
            in.skipNBytes(2);
            String name = utf8[in.readUnsignedShort()];
            in.skipNBytes(2);
            int line = Integer.MAX_VALUE / 2 + i;
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attr = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if ("Code".equals(attr)) {
                    line = Math.min(line, firstLineOfCode(in, utf8));
                } else {
                    in.skipNBytes(length);
                }
            }
            order.merge(name, line, Math::min);
        }
    }

    private static int firstLineOfCode(DataInputStream in, String[] utf8) throws IOException {
        in.skipNBytes(4);
        in.skipNBytes(in.readInt());
        in.skipNBytes(8L * in.readUnsignedShort());
        int first = Integer.MAX_VALUE;
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            String attr = utf8[in.readUnsignedShort()];
            int length = in.readInt();
            if ("LineNumberTable".equals(attr)) {
                int n = in.readUnsignedShort();
                for (int k = 0; k < n; k++) {
                    in.skipNBytes(2);
                    first = Math.min(first, in.readUnsignedShort());
                }
            } else {
                in.skipNBytes(length);
            }
        }
        return first;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.skipNBytes(2);
            in.skipNBytes(in.readInt());
        }
    }
}
