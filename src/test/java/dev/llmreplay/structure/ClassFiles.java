package dev.llmreplay.structure;

import dev.llmreplay.RecordReplayInterceptor;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The library's compiled classes (target/classes), read without loading them: class names and the
 * {@code dev.llmreplay} classes each one refers to in its constant pool.
 */
final class ClassFiles {
  private static final Pattern OWN_CLASS = Pattern.compile("dev/llmreplay/[A-Za-z0-9_/$]+");

  private ClassFiles() {}

  /** target/classes, found from where the main classes were loaded. */
  static Path root() {
    try {
      return Path.of(
          RecordReplayInterceptor.class
              .getProtectionDomain()
              .getCodeSource()
              .getLocation()
              .toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Binary names ({@code a.b.C$D}) of every class under {@code dev/llmreplay}, sorted. */
  static List<String> names(Path root) {
    try (Stream<Path> s = Files.walk(root.resolve("dev/llmreplay"))) {
      return s.map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(p -> p.endsWith(".class"))
          .filter(p -> !p.endsWith("module-info.class") && !p.endsWith("package-info.class"))
          .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The {@code dev.llmreplay} classes one class refers to: class constants plus the types named in
   * descriptors and generic signatures (every such name is a UTF-8 constant). Constants inlined by
   * the compiler leave no trace, as in any class-file analysis.
   */
  static Set<String> references(Path root, String className) {
    Path file = root.resolve(className.replace('.', '/') + ".class");
    Set<String> out = new TreeSet<>();
    try {
      for (String utf8 : utf8Constants(Files.readAllBytes(file))) {
        Matcher m = OWN_CLASS.matcher(utf8);
        while (m.find()) out.add(m.group().replace('/', '.'));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.remove(className);
    return out;
  }

  /** The UTF-8 entries of a class file's constant pool (JVMS 4.4). */
  static List<String> utf8Constants(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
    in.readUnsignedShort(); // minor version
    in.readUnsignedShort(); // major version
    int count = in.readUnsignedShort();
    List<String> out = new java.util.ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> out.add(in.readUTF()); // u2 length + modified UTF-8, as readUTF reads it
        case 7, 8, 16, 19, 20 -> in.skipBytes(2);
        case 15 -> in.skipBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
        case 5, 6 -> {
          in.skipBytes(8);
          i++; // longs and doubles take two slots
        }
        default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
      }
    }
    return out;
  }
}
