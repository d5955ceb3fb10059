package dev.specagent.envs.planning.openagi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How an agent's answer is read as a step ({@link OpenAgiTools#parseStep}, {@link OpenAgiTools#known}). */
class OpenAgiToolsTest {

    /**
     * A gloss in parentheses followed by a final period is trimmed like either alone: the prompt's own list item
     * {@code TERMINATE (the plan is complete)} echoed as a sentence used to be read with its gloss, which names no
     * tool, and failed the call.
     */
    @Test
    void aGlossFollowedByAFinalPeriodIsTrimmed() {
        assertThat(OpenAgiTools.parseStep("TERMINATE (the plan is complete).")).contains("TERMINATE");
        assertThat(OpenAgiTools.parseStep("Tool: Colorization (to add colour).")).contains("Colorization");
        assertThat(OpenAgiTools.parseStep("**Image Denoising** (removes the noise). ")).contains("Image Denoising");
        // still as written otherwise: a gloss inside the line is kept
        assertThat(OpenAgiTools.parseStep("Colorization (to add colour) first.")).contains("Colorization (to add colour) first");
    }
}
