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

    /**
     * A schema's parameters that were no object (a number, a string), or whose properties or required list had
     * another shape, were read as a tool without parameters and sent so to the speculator's model; each is named by
     * schema and field. A schema without parameters (OpenAI allows it) is still read.
     */
    @Test
    void parametersOfAnotherShapeAreAnErrorNamingSchemaAndField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tool_schemas.json");
        String[][] cases = {
                {"5", "field 'function.parameters' must be an object, got 5"},
                {"{\"type\": \"object\", \"properties\": [\"order_id\"]}",
                        "field 'function.parameters.properties' must be an object, got [\"order_id\"]"},
                {"{\"type\": \"object\", \"properties\": {\"order_id\": \"string\"}}",
                        "field 'function.parameters.properties.order_id' must be an object, got \"string\""},
                {"{\"type\": \"object\", \"properties\": {}, \"required\": \"order_id\"}",
                        "field 'function.parameters.required' must be a list of strings, got \"order_id\""},
                {"{\"type\": \"object\", \"properties\": {}, \"required\": [1]}",
                        "field 'function.parameters.required' must be a list of strings, got [1]"}};
        for (String[] c : cases) {
            Files.writeString(file, "[{\"type\": \"function\", \"function\": {\"name\": \"calculate\"}}, "
                    + "{\"type\": \"function\", \"function\": {\"name\": \"cancel_pending_order\", \"parameters\": "
                    + c[0] + "}}]");
            assertThatThrownBy(() -> RetailSpeculators.toolSchemas(dir)).as(c[0]).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(file + ": schema 1: " + c[1]);
        }
        Files.writeString(file, "[{\"type\": \"function\", \"function\": {\"name\": \"calculate\", \"parameters\": "
                + "{\"type\": \"object\", \"properties\": {\"expression\": {\"type\": \"string\"}}, "
                + "\"required\": [\"expression\"]}}}]");
        assertThat(RetailSpeculators.toolSchemas(dir)).hasSize(1);
    }
}
