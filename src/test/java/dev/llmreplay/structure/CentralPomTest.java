package dev.llmreplay.structure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The pom carries what Maven Central refuses a release without (name, description, url, licenses,
 * scm, developers; sources and Javadoc jars; signatures), so a release cannot fail on it late.
 */
class CentralPomTest {
  static String text(XPath xpath, Document pom, String path) throws Exception {
    return xpath.evaluate(path, pom).strip();
  }

  @Test
  void thePomHasWhatCentralRequires() throws Exception {
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("pom.xml").toFile());
    XPath xpath = XPathFactory.newInstance().newXPath();
    for (String required :
        new String[] {
          "/*[local-name()='project']/*[local-name()='groupId']",
          "/*[local-name()='project']/*[local-name()='name']",
          "/*[local-name()='project']/*[local-name()='description']",
          "/*[local-name()='project']/*[local-name()='url']",
          "//*[local-name()='licenses']/*[local-name()='license']/*[local-name()='name']",
          "//*[local-name()='licenses']/*[local-name()='license']/*[local-name()='url']",
          "//*[local-name()='developers']/*[local-name()='developer']/*[local-name()='name']",
          "//*[local-name()='scm']/*[local-name()='url']",
          "//*[local-name()='scm']/*[local-name()='connection']",
        }) {
      assertThat(text(xpath, pom, required)).as(required).isNotEmpty();
    }
    assertThat(text(xpath, pom, "/*[local-name()='project']/*[local-name()='groupId']"))
        .isEqualTo("dev.llmreplay");

    // mvn -B verify builds the sources and Javadoc jars; the release profile signs and publishes.
    assertThat(artifactIds(xpath, pom, "/*[local-name()='project']/*[local-name()='build']"))
        .contains("maven-source-plugin", "maven-javadoc-plugin");
    assertThat(
            artifactIds(
                xpath,
                pom,
                "//*[local-name()='profile'][*[local-name()='id']='release']/*[local-name()='build']"))
        .containsExactlyInAnyOrder("maven-gpg-plugin", "central-publishing-maven-plugin");
  }

  static List<String> artifactIds(XPath xpath, Document pom, String build) throws Exception {
    NodeList nodes =
        (NodeList)
            xpath.evaluate(
                build
                    + "/*[local-name()='plugins']/*[local-name()='plugin']/*[local-name()='artifactId']",
                pom,
                XPathConstants.NODESET);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) out.add(nodes.item(i).getTextContent().strip());
    return out;
  }
}
