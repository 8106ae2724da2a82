package dev.llmreplay.junit;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where a test (or a test class) keeps its fixtures, and how it is named in reports and the usage
 * ledger. A method's directory is {@code <TestClass>/<method>}, a {@code @Nested} class nests under
 * its enclosing class, and each invocation of a parameterized or repeated test gets {@code
 * <method>/<index>_<display name>}. Every part is a {@link DirectoryName}.
 */
final class TestScope {
  private static final Pattern INVOCATION_INDEX = Pattern.compile("#(\\d+)\\]$");

  private final String id;
  private final List<String> parts;

  private TestScope(String id, List<String> parts) {
    this.id = id;
    this.parts = List.copyOf(parts);
  }

  /** The scope of a class, method or invocation context. */
  static TestScope of(ExtensionContext context) {
    List<ExtensionContext> chain = new ArrayList<>();
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) chain.add(c);
    Collections.reverse(chain);

    List<String> parts = new ArrayList<>();
    Class<?> testClass = null;
    Method method = null;
    String invocation = null;
    for (ExtensionContext c : chain) {
      Optional<Method> m = c.getTestMethod();
      if (m.isEmpty()) {
        if (c.getTestClass().isPresent()) {
          testClass = c.getTestClass().get();
          parts.add(DirectoryName.of(testClass.getSimpleName()));
        }
      } else if (method == null) {
        method = m.get();
        parts.add(DirectoryName.of(method.getName()));
      } else {
        // Below the method's own context: one invocation of a parameterized or repeated test.
        String index = invocationIndex(c.getUniqueId());
        invocation = index;
        parts.add(DirectoryName.of(index + " " + withoutIndex(c.getDisplayName(), index)));
      }
    }
    if (testClass == null)
      throw new IllegalStateException("no test class in " + context.getUniqueId());
    String id = testClass.getName();
    if (method != null) {
      id +=
          "#"
              + method.getName()
              + Arrays.stream(method.getParameterTypes())
                  .map(Class::getSimpleName)
                  .collect(Collectors.joining(",", "(", ")"));
    }
    if (invocation != null) id += "[" + invocation + "]";
    return new TestScope(id, parts);
  }

  private static String invocationIndex(String uniqueId) {
    Matcher m = INVOCATION_INDEX.matcher(uniqueId);
    return m.find() ? m.group(1) : "0";
  }

  private static String withoutIndex(String displayName, String index) {
    String prefix = "[" + index + "]";
    String s =
        displayName.startsWith(prefix) ? displayName.substring(prefix.length()) : displayName;
    return s.strip();
  }

  /** Names the test: {@code com.x.FooTest#bar(String)[2]}, or the class name for a class. */
  String id() {
    return id;
  }

  /** The directory names under the root, outermost first. */
  List<String> parts() {
    return parts;
  }

  /** The scope's own directory under {@code root}; never outside it. */
  Path dir(Path root) {
    return within(root, parts.size());
  }

  /** The directories above the own one, nearest first, ending with {@code root} itself. */
  List<Path> fallbacks(Path root) {
    List<Path> dirs = new ArrayList<>();
    for (int n = parts.size() - 1; n >= 0; n--) dirs.add(within(root, n));
    return dirs;
  }

  private Path within(Path root, int depth) {
    Path base = root.toAbsolutePath().normalize();
    Path dir = base;
    for (String part : parts.subList(0, depth)) {
      // Checked again here so that no path built from a name can leave the root, whatever
      // DirectoryName lets through.
      if (!part.equals(DirectoryName.of(part)) || part.equals(".") || part.equals("..")) {
        throw new IllegalStateException("unsafe directory name: " + part);
      }
      dir = dir.resolve(part);
    }
    dir = dir.normalize();
    if (!dir.startsWith(base) || dir.getNameCount() != base.getNameCount() + depth) {
      throw new IllegalStateException(dir + " is outside the recordings root " + base);
    }
    return dir;
  }

  @Override
  public String toString() {
    return id + " " + String.join("/", parts);
  }
}
