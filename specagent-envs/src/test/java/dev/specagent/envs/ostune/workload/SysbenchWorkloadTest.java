package dev.specagent.envs.ostune.workload;

import dev.specagent.envs.ostune.knob.KnobUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SysbenchWorkloadTest {

    /** A missing workload tool makes the real knob unavailable here (the CLI: exit 2 naming --knob), not a crash. */
    @Test
    void aMissingToolMakesTheKnobUnavailable() {
        assertThatThrownBy(() -> SysbenchWorkload.tool("specagent-no-such-tool"))
                .isInstanceOf(KnobUnavailableException.class)
                .hasMessageContaining("specagent-no-such-tool is not installed");
    }
}
