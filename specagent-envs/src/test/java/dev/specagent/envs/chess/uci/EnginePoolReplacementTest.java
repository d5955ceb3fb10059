package dev.specagent.envs.chess.uci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool that lives for hours (a service playing game after game) replaces every process that was killed or crashed;
 * it kept a handle of each one it ever started, so its memory, and the list its {@code close()} waits on, grew by one
 * for every replaced process. It keeps the processes that may run and the last {@link EnginePool#ENDED_KEPT} that
 * ended.
 */
class EnginePoolReplacementTest {

    @Test
    void aPoolThatReplacesKilledProcessesKeepsOnlyTheLastEndedOnes(@TempDir Path dir) throws Exception {
        FakeUciEngine fake = FakeUciEngine.write(dir, FakeUciEngine.LINE.size(), false, false);
        List<ProcessHandle> kept;
        try (EnginePool pool = new EnginePool(fake.program(), 1)) {
            for (int i = 0; i < 100; i++) {
                UciEngine engine = pool.acquire();
                engine.process().destroyForcibly();
                engine.process().onExit().get(10, TimeUnit.SECONDS);
                pool.discard(engine); // as a search whose engine died does
            }
            UciEngine last = pool.acquire();
            pool.release(last);

            kept = pool.startedProcesses();
            assertThat(fake.pids()).hasSize(101);
            assertThat(kept).hasSize(EnginePool.ENDED_KEPT + 1).endsWith(last.process());
            assertThat(kept.subList(0, EnginePool.ENDED_KEPT)).noneMatch(ProcessHandle::isAlive);
        }
        assertThat(kept).noneMatch(ProcessHandle::isAlive);
        assertThat(fake.pids()).noneMatch(FakeUciEngine::exists);
    }
}
