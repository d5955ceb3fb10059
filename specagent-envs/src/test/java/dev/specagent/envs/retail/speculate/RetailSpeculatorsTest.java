package dev.specagent.envs.retail.speculate;

import dev.specagent.envs.retail.RetailData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the retail tool schemas: the shared file is accepted whole; a malformed one is named, not ignored. */
class RetailSpeculatorsTest {

    @Test
    void readsTheSixteenSchemasOfTheSharedData() {
        assertThat(RetailSpeculators.toolSchemas(RetailData.folder())).hasSize(16);
    }

    @Test
    void aSchemaFileThatIsNotAnArrayOfSchemasIsAnError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tool_schemas.json"), "{\"a\": 1}");
        assertThatThrownBy(() -> RetailSpeculators.toolSchemas(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tool_schemas.json: expected a non-empty JSON array of tool schemas");
        Files.writeString(dir.resolve("tool_schemas.json"), "[]");
        assertThatThrownBy(() -> RetailSpeculators.toolSchemas(dir))
                .hasMessageContaining("expected a non-empty JSON array");
    }

    @Test
    void textAfterTheSchemasIsAnErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tool_schemas.json"), "[{\"type\": \"function\", \"function\": {\"name\": "
                + "\"calculate\"}}] ,");
        assertThatThrownBy(() -> RetailSpeculators.toolSchemas(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read " + dir.resolve("tool_schemas.json") + ": line 1, column ");
    }

    @Test
    void aSchemaNamingNoRetailToolIsAnErrorNamingTheEntry(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tool_schemas.json"), "[{\"type\": \"function\", \"function\": {\"name\": "
                + "\"calculate\"}}, {\"type\": \"function\", \"function\": {\"name\": \"launch_rockets\"}}]");
        assertThatThrownBy(() -> RetailSpeculators.toolSchemas(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tool_schemas.json: schema 1: field 'function.name' must name a retail tool, "
                        + "got 'launch_rockets'");
    }
}
