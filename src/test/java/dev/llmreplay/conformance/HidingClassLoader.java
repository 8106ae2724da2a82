package dev.llmreplay.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A class loader that defines every class itself from another loader's class files (so nothing is
 * shared with the test's own classes but the JDK), except those in hidden packages, which it cannot
 * find at all: a classpath on which those libraries do not exist.
 */
final class HidingClassLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private final ClassLoader source;
  private final List<String> hiddenPrefixes;

  /** Hides the classes and resources whose names start with one of {@code hiddenPackages}. */
  HidingClassLoader(ClassLoader source, List<String> hiddenPackages) {
    super("without-sdks", ClassLoader.getPlatformClassLoader());
    this.source = source;
    List<String> prefixes = new ArrayList<>();
    for (String p : hiddenPackages) prefixes.add(p.replace('.', '/') + "/");
    this.hiddenPrefixes = List.copyOf(prefixes);
  }

  private boolean hidden(String resourcePath) {
    for (String p : hiddenPrefixes) if (resourcePath.startsWith(p)) return true;
    return false;
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    String path = name.replace('.', '/') + ".class";
    if (hidden(path)) throw new ClassNotFoundException(name + " (hidden)");
    try (InputStream in = source.getResourceAsStream(path)) {
      if (in == null) throw new ClassNotFoundException(name);
      byte[] bytes = in.readAllBytes();
      return defineClass(name, bytes, 0, bytes.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected URL findResource(String name) {
    return hidden(name) ? null : source.getResource(name);
  }

  @Override
  protected Enumeration<URL> findResources(String name) throws IOException {
    return hidden(name) ? Collections.emptyEnumeration() : source.getResources(name);
  }
}
