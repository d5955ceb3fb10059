package dev.specagent.llm;

import dev.specagent.llm.client.LlmEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LlmModelsConfigTest {

    @Test
    void ofIsLiveWithDefaultsAndTheWithMethodsChangeOneThing(@TempDir Path dir) throws Exception {
        LlmEndpoint actor = LlmEndpoint.of("http://localhost:8000/v1", "big");
        LlmModels.Config live = LlmModels.Config.of(actor, actor.withModel("small"));
        assertThat(live.replay()).isNull();
        assertThat(live.record()).isNull();
        assertThat(live.prices()).isNull();
        assertThat(live.timeScale()).isEqualTo(1.0);
        assertThat(live.moreSpeculators()).isEmpty();

        Path trace = Files.writeString(dir.resolve("t.jsonl"), "");
        LlmModels.Config both = live.withReplay(trace).withRecord(dir.resolve("out.jsonl"));
        assertThat(both.replay()).isEqualTo(trace);
        assertThat(both.record()).isEqualTo(dir.resolve("out.jsonl"));
        assertThat(both.speculator().model()).isEqualTo("small");
        assertThat(both.withReplay(null).replay()).isNull();
        assertThatThrownBy(() -> live.withReplay(dir.resolve("missing.jsonl")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.jsonl");
    }
}
