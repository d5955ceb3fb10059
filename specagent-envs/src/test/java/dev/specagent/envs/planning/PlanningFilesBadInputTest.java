package dev.specagent.envs.planning;

import dev.specagent.envs.planning.openagi.OpenAgiTasks;
import dev.specagent.envs.planning.replay.PilotLogFit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
