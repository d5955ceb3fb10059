package dev.specagent.envs.planning;

import dev.specagent.envs.planning.openagi.OpenAgiTasks;
import dev.specagent.envs.planning.replay.PilotLogFit;
import dev.specagent.envs.planning.replay.RecordedPlans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DSP data files that cannot be read or parsed are bad input naming the file (and line). */
class PlanningFilesBadInputTest {

    @Test
    void aTargetLogStepNumberTooLargeForANumberNamesFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("target_datapoint1.log"), "04/08/2025, 20:31:13: task description: x\n"
                + "04/08/2025, 20:31:13: Target step 99999999999 thought prompt token: 382\n");
        assertThatThrownBy(() -> PilotLogFit.fit(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target_datapoint1.log:2").hasMessageContaining("bad number");
    }

    /**
     * A step number of the record that is no position (0, or too large for a number) failed with an
     * IndexOutOfBoundsException or a NumberFormatException naming neither the file nor the entry.
     */
    @Test
    void aRecordedStepNumberThatIsNoPositionNamesFileEpisodeAndState(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("histories.json");
        for (String step : new String[] {"0", "99999999999"}) {
            Files.writeString(file, "[{\"trajectory\": [{\"state\": \"Task A\\nTarget Step 1: Alpha\", \"k\": 1}, "
                    + "{\"state\": \"Task A\\nApproximation Step " + step + ": Alpha\\nTarget Step 1: Alpha\", \"k\": 1}]}]");
            assertThatThrownBy(() -> RecordedPlans.read(file)).as(step).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(file + ": episode 0 state 1: field 'state': step number " + step
                            + " is not 1 to 2147483647 in 'Approximation Step " + step + ": Alpha'");
        }
    }

    /** A label k of 2.5 was read as 2, though the import asks for an integer field. */
    @Test
    void aFractionalLabelKIsBadInput(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("histories.json"),
                "[{\"trajectory\": [{\"state\": \"Task A\\nTarget Step 1: Alpha\", \"k\": 2.5}]}]");
        assertThatThrownBy(() -> RecordedPlans.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": episode 0 state 0: needs a text field 'state' and an integer field 'k'");
    }

    @Test
    void aCallTimeThatIsNotSecondsNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("approximation_datapoint1.log");
        for (String time : new String[] {"-1.2", "abc", "1e3", "", "1000001"}) {
            Files.writeString(log, "04/08/2025, 20:31:13: Approximation: Step 1 -prompt token 364\n"
                    + "04/08/2025, 20:31:15: Approximation: Step 1 - Image Deblurring -time " + time + " -token 10\n");
            assertThatThrownBy(() -> PilotLogFit.fit(dir)).as(time).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(log + ":2: expected 'Approximation: Step N - <tool> -time SECONDS -token G' "
                            + "with SECONDS from 0 to");
        }
        Files.delete(log);
        Path target = dir.resolve("target_datapoint1.log");
        Files.writeString(target, "04/08/2025, 20:31:20: Target: Step 1 -time 6.21 s\n");
        assertThatThrownBy(() -> PilotLogFit.fit(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(target + ":1: expected 'Target: Step N -time SECONDS'");
    }

    @Test
    void aLineWithoutAValidDateAndTimeOfDayNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("target_datapoint1.log");
        for (String stamp : new String[] {"04/08/2025, 25:31:13: ", "04/08/2025, 20:61:13: ", "04/08/2025, 20:31: ", "",
                "02/30/2025, 20:31:13: ", "13/08/2025, 20:31:13: "}) {
            Files.writeString(log, "04/08/2025, 20:31:13: task description: x\n"
                    + stamp + "Target step 1 thought prompt token: 382\n");
            assertThatThrownBy(() -> PilotLogFit.fit(dir)).as(stamp).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(log + ":2: expected the line to start with its time 'MM/DD/YYYY, HH:MM:SS: ', got '"
                            + stamp + "Target step 1 thought prompt token: 382'");
        }
    }

    @Test
    void aLogThatIsAFolderIsBadInputNamingIt(@TempDir Path dir) throws Exception {
        Files.createDirectory(dir.resolve("approximation_datapoint1.log"));
        assertThatThrownBy(() -> PilotLogFit.fit(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("approximation_datapoint1.log");
    }

    @Test
    void anUnreadableTaskFileIsBadInputNamingIt(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("openagi_task_description.txt"));
        assertThatThrownBy(() -> OpenAgiTasks.read(folder)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openagi_task_description.txt");
    }

    @Test
    void tasksAreNamedByTheirLineBlankLinesSkippedAndAFileWithoutTasksIsNamed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("tasks.txt"), "Translate the text.\n\n  \n  Caption the image.  \n");
        assertThat(OpenAgiTasks.read(file)).extracting(t -> t.id() + "=" + t.description())
                .containsExactly("openagi-1=Translate the text.", "openagi-4=Caption the image.");
        Path blank = Files.writeString(dir.resolve("blank.txt"), "\n \n");
        assertThatThrownBy(() -> OpenAgiTasks.read(blank)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(blank + ": no task descriptions");
    }

    /**
     * A task file saved as UTF-16 without a byte order mark decodes as UTF-8 without error, every character followed
     * by a NUL: it used to give one garbled task per line ("G\0i\0v\0e\0n...") that the live run would send to the
     * paid models. A line holding a control character is refused, naming the file and line.
     */
    @Test
    void aTaskLineWithAControlCharacterIsRefusedNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path utf16 = Files.write(dir.resolve("utf16.txt"),
                "Translate the text.\nCaption the image.\n".getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
        assertThatThrownBy(() -> OpenAgiTasks.read(utf16)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(utf16 + ":1: the task holds a control character (U+0000); a task file is UTF-8 text, one "
                        + "task per line");
        Path escape = Files.writeString(dir.resolve("escape.txt"), "Translate the text.\n\nCaption \u001b[1mthe image.\n");
        assertThatThrownBy(() -> OpenAgiTasks.read(escape)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(escape + ":3: the task holds a control character (U+001B)");
        // a tab is white space, kept inside the text
        Path tab = Files.writeString(dir.resolve("tab.txt"), "Translate\tthe text.\t\n");
        assertThat(OpenAgiTasks.read(tab)).extracting(t -> t.description()).containsExactly("Translate\tthe text.");
    }

    /** Bytes that are not UTF-8 are refused naming the line they are on, not only the file. */
    @Test
    void aTaskLineThatIsNotUtf8IsRefusedNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path latin1 = Files.write(dir.resolve("latin1.txt"),
                "Translate the text.\r\nCaption the caf\u00e9's image.\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> OpenAgiTasks.read(latin1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(latin1 + ":2: not UTF-8 text (a binary file?)");
    }

    /** A UTF-8 byte order mark, which some editors write, is no part of the first task's text. */
    @Test
    void aByteOrderMarkIsNoPartOfTheFirstTask(@TempDir Path dir) throws Exception {
        Path bom = Files.writeString(dir.resolve("bom.txt"), "\uFEFFTranslate the text.\nCaption the image.\n");
        assertThat(OpenAgiTasks.read(bom)).extracting(t -> t.id() + "=" + t.description())
                .containsExactly("openagi-1=Translate the text.", "openagi-2=Caption the image.");
    }
}
