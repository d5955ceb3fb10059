package dev.specagent.cli;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code specagent --version} names the version the build gives, so that the two cannot drift apart: it said
 * "specagent 0.1.0", written in the code, while the pom said 0.1.0-SNAPSHOT.
 */
class BuildVersionTest {

    @Test
    void theVersionIsThePomsVersion() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile()); // surefire runs in the module's directory
        String version = XPathFactory.newInstance().newXPath()
                .evaluate("/project/version | /project/parent/version", pom).strip();
        assertThat(version).isNotEmpty();

        var r = CliTestSupport.run("--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out().strip()).isEqualTo("specagent " + version);
        assertThat(CliTestSupport.run("dsp", "sweep", "--version").out().strip()).isEqualTo("specagent " + version);
    }
}
