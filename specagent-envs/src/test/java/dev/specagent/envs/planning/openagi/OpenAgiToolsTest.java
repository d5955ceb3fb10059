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
    /**
     * A reasoning model served without a reasoning parser writes its reasoning first, in a think block: a Tool line
     * there is one it considered. It was taken for the step when the final answer had no label of its own.
     */
    @Test
    void aToolNamedInAThinkBlockIsNotTheStep() {
        String thinking = "<think>\nTool: Image Denoising? The image is not noisy, though.\n</think>\n\n";
        assertThat(OpenAgiTools.parseStep(thinking + "Image Classification")).contains("Image Classification");
        assertThat(OpenAgiTools.parseStep(thinking + "Tool: Colorization")).contains("Colorization");
        assertThat(OpenAgiTools.parseStep("Tool: Image Denoising? No.\n</think>\nImage Classification"))
                .contains("Image Classification");
        assertThat(OpenAgiTools.parseStep(thinking)).as("only reasoning").isEmpty();
        assertThat(OpenAgiTools.parseStep("<think>\nTool: Image Denoising")).as("all reasoning, cut").isEmpty();
    }

    @Test
    void aGlossFollowedByAFinalPeriodIsTrimmed() {
        assertThat(OpenAgiTools.parseStep("TERMINATE (the plan is complete).")).contains("TERMINATE");
        assertThat(OpenAgiTools.parseStep("Tool: Colorization (to add colour).")).contains("Colorization");
        assertThat(OpenAgiTools.parseStep("**Image Denoising** (removes the noise). ")).contains("Image Denoising");
        // still as written otherwise: a gloss inside the line is kept
        assertThat(OpenAgiTools.parseStep("Colorization (to add colour) first.")).contains("Colorization (to add colour) first");
    }

    /**
     * Full-width forms, which CJK-tuned models write (a full-width colon after the label, full-width letters), read as
     * their plain forms: {@code Tool：Image Denoising} used to keep its label, which names no tool, and fail the call.
     */
    @Test
    void fullWidthLabelsAndLettersReadAsTheirPlainForms() {
        assertThat(OpenAgiTools.parseStep("The image is noisy.\nTool\uFF1AImage Denoising")).contains("Image Denoising");
        assertThat(OpenAgiTools.parseStep("Action\uFF1A TERMINATE")).contains("TERMINATE");
        assertThat(OpenAgiTools.parseStep("\uFF34\uFF25\uFF32\uFF2D\uFF29\uFF2E\uFF21\uFF34\uFF25")).contains("TERMINATE");
        assertThat(OpenAgiTools.known("\uFF29\uFF4D\uFF41\uFF47\uFF45 Denoising")).contains("Image Denoising");
        assertThat(OpenAgiTools.parseStep("Image\u00A0Captioning").flatMap(OpenAgiTools::known)).contains("Image Captioning");
    }

    /**
     * A ReAct answer with its thought and action on one line names the action's tool: it used to be read as a whole
     * line, which names no tool, and failed the call (a target step fails the run).
     */
    @Test
    void aThoughtAndItsActionOnOneLineNameTheAction() {
        assertThat(OpenAgiTools.parseStep("Thought: the plan is complete. Action: TERMINATE")).contains("TERMINATE");
        assertThat(OpenAgiTools.parseStep("**Thought:** noisy first. **Action:** Image Denoising."))
                .contains("Image Denoising");
        // a later action line still wins; an action input is no action; a word ending in "action" is no label
        assertThat(OpenAgiTools.parseStep("Thought: x. Action: Colorization\nAction: Image Captioning"))
                .contains("Image Captioning");
        assertThat(OpenAgiTools.parseStep("Thought: caption. Action: Image Captioning Action Input: the image"))
                .contains("Image Captioning Action Input: the image");
        assertThat(OpenAgiTools.parseStep("Thought: a reaction: Colorization")).contains("Thought: a reaction: Colorization");
    }
}
