package dev.llmreplay.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The README's SDK section shows only what is tested: each Java block is the text of a region of
 * {@link SdkSnippetsTest} (which runs it), and each version in an XML block is one the build uses.
 */
class SdkDocsTest {
  static final Path DOC = Path.of("README.md");
  static final Path SNIPPETS =
      Path.of("src/test/java/dev/llmreplay/conformance/SdkSnippetsTest.java");
  static final Pattern BLOCK =
      Pattern.compile(
          "<!-- (snippet|pom): ([a-z0-9-]+) -->\n```(java|xml)\n(.*?)```\n", Pattern.DOTALL);
  static final Pattern REGION =
      Pattern.compile(
          "^([ \t]*)// snippet: ([a-z0-9-]+)\n(.*?)^[ \t]*// end: \\2\n",
          Pattern.DOTALL | Pattern.MULTILINE);

  /** The README's "Official SDKs and LangChain4j" section, up to the next section. */
  static String doc() throws Exception {
    String readme = Files.readString(DOC).replace("\r\n", "\n");
    Matcher m =
        Pattern.compile("(?ms)^## Official SDKs and LangChain4j\n.*?(?=^## |\\z)").matcher(readme);
    if (!m.find())
      throw new AssertionError("README.md has no '## Official SDKs and LangChain4j' section");
    return m.group();
  }

  /** The marked regions of the snippets test, each dedented to its least-indented line. */
  static Map<String, String> regions() throws Exception {
    String src = Files.readString(SNIPPETS).replace("\r\n", "\n");
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = REGION.matcher(src);
    while (m.find()) out.put(m.group(2), dedent(m.group(3)));
    return out;
  }

  static String dedent(String text) {
    String[] lines = text.split("\n", -1);
    int indent = Integer.MAX_VALUE;
    for (String l : lines)
      if (!l.isBlank()) indent = Math.min(indent, l.length() - l.stripLeading().length());
    StringBuilder sb = new StringBuilder();
    for (String l : lines) sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
    return sb.substring(0, sb.length() - 1);
  }

  @Test
  void everyJavaBlockIsATestedRegionAndEveryRegionIsShown() throws Exception {
    String doc = doc();
    Map<String, String> regions = regions();
    Matcher m = BLOCK.matcher(doc);
    Set<String> shown = new HashSet<>();
    int javaBlocks = 0;
    while (m.find()) {
      if (!m.group(3).equals("java")) continue;
      javaBlocks++;
      String name = m.group(2);
      assertThat(regions).as("region %s in %s", name, SNIPPETS).containsKey(name);
      String expected =
          regions.containsKey(name + "-imports")
              ? regions.get(name + "-imports") + "\n" + regions.get(name)
              : regions.get(name);
      assertThat(m.group(4)).as("block %s", name).isEqualTo(expected);
      shown.add(name);
      if (regions.containsKey(name + "-imports")) shown.add(name + "-imports");
    }
    // No unmarked Java block slips through, but the @LlmReplay test classes, which
    // ReadmeSdkExamplesTest holds to the files of junit/readme/sdk and runs.
    int junitExamples = 0;
    for (String block : doc.split("```java", -1)) {
      if (block.split("```", -1)[0].contains("@LlmReplay\nclass ")) junitExamples++;
    }
    assertThat(doc.split("```java", -1).length - 1 - junitExamples)
        .isEqualTo(javaBlocks)
        .isEqualTo(5);
    assertThat(junitExamples).isEqualTo(3);
    assertThat(shown).containsExactlyInAnyOrderElementsOf(regions.keySet());
  }

  @Test
  void everyVersionInAnXmlBlockIsOneTheBuildUses() throws Exception {
    Map<String, Set<String>> built = versionsInPom();
    String doc = doc();
    Matcher m = BLOCK.matcher(doc);
    int xmlBlocks = 0;
    int checked = 0;
    while (m.find()) {
      if (!m.group(3).equals("xml")) continue;
      xmlBlocks++;
      Document d = parse("<root>" + m.group(4) + "</root>");
      NodeList deps = d.getElementsByTagName("dependency");
      assertThat(deps.getLength()).as("block %s has dependencies", m.group(2)).isPositive();
      for (int i = 0; i < deps.getLength(); i++) {
        Element dep = (Element) deps.item(i);
        String ga = text(dep, "groupId") + ":" + text(dep, "artifactId");
        assertThat(built).as("%s (block %s) is in the build", ga, m.group(2)).containsKey(ga);
        String version = text(dep, "version");
        if (version != null) {
          assertThat(built.get(ga))
              .as("version of %s in block %s", ga, m.group(2))
              .contains(version);
          checked++;
        }
      }
    }
    assertThat(doc.split("```xml", -1).length - 1).isEqualTo(xmlBlocks).isEqualTo(6);
    assertThat(checked).isEqualTo(7);
  }

  /**
   * groupId:artifactId to the versions the pom gives it (profiles included, properties resolved);
   * the project itself too. A dependency the pom lists without a version maps to an empty set.
   */
  static Map<String, Set<String>> versionsInPom() throws Exception {
    Document pom = parse(Files.readString(Path.of("pom.xml")));
    Element project = pom.getDocumentElement();
    Map<String, String> props = properties(child(project, "properties"), new HashMap<>());
    Map<String, Set<String>> out = new HashMap<>();
    out.computeIfAbsent(
            text(project, "groupId") + ":" + text(project, "artifactId"), k -> new HashSet<>())
        .add(text(project, "version"));
    collect(project, props, out);
    Element profiles = child(project, "profiles");
    if (profiles != null) {
      for (Element profile : children(profiles, "profile")) {
        // A profile's properties apply to the whole pom while it is active.
        Map<String, String> active = properties(child(profile, "properties"), new HashMap<>(props));
        collect(project, active, out);
        collect(profile, active, out);
      }
    }
    return out;
  }

  static void collect(Element scope, Map<String, String> props, Map<String, Set<String>> out) {
    List<Element> lists = new ArrayList<>();
    if (child(scope, "dependencies") != null) lists.add(child(scope, "dependencies"));
    Element dm = child(scope, "dependencyManagement");
    if (dm != null && child(dm, "dependencies") != null) lists.add(child(dm, "dependencies"));
    for (Element list : lists) {
      for (Element dep : children(list, "dependency")) {
        Set<String> versions =
            out.computeIfAbsent(
                text(dep, "groupId") + ":" + text(dep, "artifactId"), k -> new HashSet<>());
        String v = text(dep, "version");
        if (v != null) versions.add(resolve(v, props));
      }
    }
  }

  static Map<String, String> properties(Element properties, Map<String, String> into) {
    if (properties == null) return into;
    NodeList nodes = properties.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e) into.put(e.getTagName(), e.getTextContent().trim());
    }
    return into;
  }

  static String resolve(String value, Map<String, String> props) {
    Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find())
      m.appendReplacement(sb, Matcher.quoteReplacement(props.getOrDefault(m.group(1), m.group())));
    m.appendTail(sb);
    return sb.toString();
  }

  static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  static Element child(Element parent, String name) {
    List<Element> c = children(parent, name);
    return c.isEmpty() ? null : c.get(0);
  }

  static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) out.add(e);
    }
    return out;
  }

  static String text(Element parent, String name) {
    Element c = child(parent, name);
    return c == null ? null : c.getTextContent().trim();
  }
}
