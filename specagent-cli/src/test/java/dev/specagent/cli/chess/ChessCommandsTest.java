package dev.specagent.cli.chess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.CliTestSupport;
import dev.specagent.cli.CliTestSupport.Result;
import dev.specagent.cli.JsonFieldNames;
import dev.specagent.cli.Main;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.chess.players.ChessPrompts;
import dev.specagent.envs.chess.rules.Position;
import dev.specagent.envs.chess.uci.EnginePool;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.internal.WireFormat;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.specagent.cli.CliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.assertj.core.data.Offset.offset;

/** {@code specagent replay chess} and {@code specagent chess} end to end: JSON output, validation, exit codes. */
class ChessCommandsTest {

    @Test
    void replayChessPrintsOneJsonObjectWithTheIssuesFields() throws Exception {
        Result r = run("replay", "chess", "--game", "32831f2d", "--k", "3", "--steps", "30", "--policy", "algorithm1", "--json");
        assertThat(r.exitCode()).isZero();
        JsonNode j = r.json();
        // docs/chess.md's --json fields of replay chess
        for (String field : new String[]{"sequential_seconds", "speculative_seconds", "saved_pct", "hit_rate", "steps",
                "k", "policy", "hits", "lossless", "prompt_tokens", "completion_tokens", "cost_usd", "unnecessary_cost_usd",
                "peak_concurrency", "authors_sequential_seconds", "authors_speculative_seconds", "authors_saved_pct"}) {
            assertThat(j.has(field)).as(field).isTrue();
        }
        assertThat(j.get("saved_pct").asDouble()).isCloseTo(14.96, offset(0.01));
        assertThat(j.get("saved_pct").asDouble()).isEqualTo(j.get("authors_saved_pct").asDouble());
        assertThat(j.get("lossless").asBoolean()).isTrue();
        // a one-ply game has no next ply to speculate for: the last ply does not wait for its guesses
        JsonNode one = run("replay", "chess", "--game", "32831f2d", "--steps", "1", "--json").json();
        assertThat(one.get("saved_pct").asDouble()).isZero().isEqualTo(one.get("authors_saved_pct").asDouble());
    }

    @Test
    void replayChessOnlineReproducesTheRecordedTotal() throws Exception {
        JsonNode j = run("replay", "chess", "--game", "32831f2d", "--online", "--json").json();
        assertThat(j.get("speculative_seconds").asDouble()).isEqualTo(j.get("recorded_speculative_seconds").asDouble());
    }

    /**
     * An engine that cannot be started (SPECAGENT_STOCKFISH names no program) is the machine's lack, not a failed
     * run: exit 2 and a message naming the binary and the fix, no exception class. The variable is read from the
     * environment, so the command runs in a child JVM.
     */
    @Test
    void anEngineThatCannotStartExitsTwoNamingTheBinary() throws Exception {
        Result r = CliTestSupport.runInChildJvm(Map.of("SPECAGENT_STOCKFISH", "/nonexistent/stockfish"),
                "chess", "--plies", "2");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("cannot start Stockfish").contains("/nonexistent/stockfish")
                .contains("stockfish").doesNotContain("Exception");
        assertThat(r.out()).doesNotContain("Exception");
    }

    @Test
    void badInputExitsTwoNamingTheOption() {
        assertThat(run("replay", "chess", "--game", "nope")).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("--game").doesNotContain("Exception");
        });
        assertThat(run("replay", "chess", "--game", "").err()).contains("--game must name a game folder");
        assertThat(run("replay", "chess", "--game", "32831f2d", "--steps", "51").err()).contains("--steps");
        assertThat(run("replay", "chess", "--game", "32831f2d", "--policy", "adaptive").err()).contains("--policy");
        assertThat(run("replay", "chess", "--game", "32831f2d", "--online", "--k", "2").err())
                .contains("--k does not apply to --online");
        assertThat(run("chess", "--plies", "0").exitCode()).isEqualTo(2);
        Result bad = run("chess", "--speculator", "stockfish:elo=3000");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--speculator");
        assertThat(run("chess", "--policy", "greedy").err()).contains("--policy");
        Result deep = run("chess", "--white", "stockfish:depth=99999999999");
        assertThat(deep.exitCode()).isEqualTo(2);
        assertThat(deep.err()).contains("--white: depth must be at most 2147483647").doesNotContain("Exception");
        assertThat(run("chess", "--plies", "2", "--policy", "sequential", "--replay", "/nonexistent.jsonl").err())
                .as("LLM options are checked even when no player uses an LLM").contains("--replay");
    }

    /**
     * A count of engines no machine runs is refused before anything starts: the warm-up started every one of
     * {@code --engines 2147483647} processes, one after another, until the machine refused more. Checked with LLM
     * players and a missing trace, so that the old code fails at once (naming {@code --replay}) instead of starting them.
     */
    @Test
    void aCountOfEnginesBeyondTheMostIsRefusedNamingTheOption() {
        for (String count : new String[]{"2147483647", "1025"}) {
            Result r = run("chess", "--white", "llm", "--black", "llm", "--speculator", "llm", "--plies", "2",
                    "--replay", "/nonexistent.jsonl", "--engines", count);
            assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains("--engines must be in 1..1024, got " + count);
        }
        assertThat(run("chess", "--engines", "0").err()).contains("--engines must be in 1..1024, got 0");
    }

    /**
     * A count of LLM retries beyond 100 is refused before anything starts, naming the option: any count was taken
     * ({@code --llm-retries 2000000000} would ask a model that finds no legal move two billion times, each time with
     * a longer conversation). Checked with LLM players and a missing trace, so the old code fails naming
     * {@code --replay} instead.
     */
    @Test
    void aCountOfLlmRetriesBeyondTheMostIsRefusedNamingTheOption() {
        for (String count : new String[]{"2000000000", "101", "-1"}) {
            Result r = run("chess", "--white", "llm", "--black", "llm", "--speculator", "llm", "--plies", "2",
                    "--replay", "/nonexistent.jsonl", "--llm-retries", count);
            assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains("--llm-retries must be in 0..100, got " + count);
        }
    }

    /** A mistyped player spec is named before the LLM options are opened (which would ask for an API key first). */
    @Test
    void aMistypedPlayerIsNamedBeforeTheLlmsApiKeyIsAskedFor() {
        assumeThat(System.getenv("OPENAI_API_KEY")).as("no API key in the environment").isNull();
        for (String[] args : new String[][]{{"--white", "LLM", "--black", "llm"}, {"--white", "llm", "--black", "gpt-5"},
                {"--white", "llm", "--black", "llm", "--speculator", "llm:gpt-5"}}) {
            Result r = run(concat(new String[]{"chess", "--plies", "1"}, args));
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("unknown player").doesNotContain("OPENAI_API_KEY");
        }
        assertThat(run("chess", "--white", "LLM", "--black", "llm").err()).contains("--white: unknown player 'LLM'");
        assertThat(run("chess", "--white", "llm", "--black", "llm", "--speculator", "llm:gpt-5").err())
                .contains("--speculator: unknown player 'llm:gpt-5'");
    }

    @Test
    void aBadSearchTimeoutExitsTwoNamingTheOption() {
        for (String bad : new String[]{"0", "-1", "NaN", "Infinity", "1e7", "soon"}) {
            Result r = run("chess", "--plies", "2", "--search-timeout", bad);
            assertThat(r.exitCode()).as(bad).isEqualTo(2);
            assertThat(r.err()).as(bad).contains("--search-timeout").doesNotContain("Exception");
        }
        for (String bad : new String[]{"-1", "20", "low"}) {
            Result r = run("chess", "--plies", "2", "--speculation-nice", bad);
            assertThat(r.exitCode()).as(bad).isEqualTo(2);
            assertThat(r.err()).as(bad).contains("--speculation-nice").doesNotContain("Exception");
        }
    }

    /**
     * A Stockfish that hangs (a fake UCI engine, started as SPECAGENT_STOCKFISH in a child JVM, that plays
     * 1. e4 e5 2. Nf3 and then never answers go nor stop): the game stops with exit code 1, the moves played so
     * far and a message naming the engine and the timeout, and no engine process outlives the command.
     */
    @Test
    void aHungEngineStopsTheGameWithTheMovesSoFarAndExitsOne(@TempDir Path dir)
            throws Exception {
        Path pids = dir.resolve("pids");
        Path engine = dir.resolve("hanging-engine.sh");
        Files.writeString(engine, """
                #!/bin/sh
                echo $$ >> '%s'
                ply=0
                while read -r command rest; do
                  case "$command" in
                    uci) echo "id name hanging"; echo uciok ;;
                    isready) echo readyok ;;
                    position) set -- $rest; ply=$(( $# > 2 ? $# - 2 : 0 )) ;;
                    go) if [ $ply -ge 3 ]; then exec sleep 600; fi
                        set -- e2e4 e7e5 g1f3; shift $ply
                        echo "info depth 1 multipv 1 score cp 0 pv $1"; echo "bestmove $1" ;;
                    quit) exit 0 ;;
                  esac
                done
                """.formatted(pids));
        assertThat(engine.toFile().setExecutable(true)).isTrue();
        long start = System.nanoTime();
        Result r = CliTestSupport.runInChildJvm(Map.of("SPECAGENT_STOCKFISH", engine.toString()), "chess",
                "--white", "stockfish:movetime=50", "--black", "stockfish:movetime=50",
                "--speculator", "stockfish:movetime=20", "--k", "1", "--plies", "6", "--search-timeout", "0.3");
        try {
            assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.EXIT_RUN_FAILED);
            assertThat(r.out()).doesNotContain("Exception");
            assertThat(r.err()).contains("the sequential game failed after 3 plies (e2e4 e7e5 g1f3)")
                    .contains("the chess engine " + engine + " gave no bestmove within the search timeout of 0.3 s")
                    .contains("the game stopped because the chess engine " + engine
                            + " hung: no bestmove within 0.3 s (--search-timeout)")
                    .doesNotContain("Exception");
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
            List<String> started = Files.readAllLines(pids);
            assertThat(started).isNotEmpty();
            for (String pid : started) {
                assertThat(ProcessHandle.of(Long.parseLong(pid.trim())).map(ProcessHandle::isAlive).orElse(false))
                        .as("engine process %s outlived the command", pid).isFalse();
            }
        } finally {
            for (String pid : Files.exists(pids) ? Files.readAllLines(pids)
                    : List.<String>of()) {
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void aRecordedLatencyPastAnyRealOneNamesTheFileStepAndField(@TempDir Path dir)
            throws Exception {
        Path game = GameFolders.resolve("32831f2d");
        try (var files = Files.list(game)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Path guesses = dir.resolve("steps_info_gpt_5_2025_08_07_guess_3.json");
        var steps = (ObjectNode) CanonicalJson.parse(
                Files.readString(guesses));
        ((ObjectNode) steps.get("0")).put("time_taken_current_agent", 1e308);
        Files.writeString(guesses, steps.toString());
        Result r = run("replay", "chess", "--game", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(guesses + ":1, step 0, field 'time_taken_current_agent': expected a number of "
                + "seconds from 0 to").doesNotContain("Exception");
    }

    @Test
    void anLlmGameRunsFromTheLlmOptionsOverTheReplayServer(@TempDir Path dir)
            throws Exception {
        List<String> game = List.of("e2e4", "e7e5", "g1f3", "b8c6");
        Path file = llmGameTrace(dir, game);
        Result r = run("chess", "--white", "llm", "--black", "llm", "--speculator", "llm", "--actor-model", "gpt-5",
                "--speculator-model", "gpt-5", "--replay", file.toString(), "--replay-speed", "1",
                "--policy", "algorithm1", "--k", "2", "--plies", "4", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("moves")).hasSize(4);
        assertThat(j.get("moves").toString()).isEqualTo("[\"e2e4\",\"e7e5\",\"g1f3\",\"b8c6\"]");
        assertThat(j.get("hits").asInt()).isEqualTo(2);
        assertThat(j.get("lossless_checked").asBoolean()).isFalse();
        assertThat(j.get("completion_tokens").asLong()).isPositive();
        assertThat(j.get("cost_usd").asDouble()).isPositive();
        assertThat(j.has("remote_estimate")).isFalse();
        assertThat(j.get("peak_engine_searches").isNull()).as("no Stockfish played").isTrue();
    }

    /**
     * The cost lines of an LLM game: the speculative game's cost and what it spent beyond its committed thinks, the
     * sequential game's own cost (the command plays and pays for both games) and their sum; with --policy
     * sequential, the one game's cost.
     */
    @Test
    void anLlmGameReportsWhatBothGamesCostAndWhatSpeculationAdded(@TempDir Path dir)
            throws Exception {
        Path file = llmGameTrace(dir, List.of("e2e4", "e7e5", "g1f3", "b8c6"));
        String[] llm = {"chess", "--white", "llm", "--black", "llm", "--speculator", "llm", "--actor-model", "gpt-5",
                "--speculator-model", "gpt-5", "--replay", file.toString(), "--k", "2", "--plies", "4"};
        double perMove = (300 * 1.25 + 50 * 10.0) / 1e6; // gpt-5: $1.25 and $10 per million input and output tokens
        JsonNode j = run(concat(llm, "--replay-speed", "1", "--json")).json();
        assertThat(j.get("hits").asInt()).isEqualTo(2);
        assertThat(j.get("sequential_prompt_tokens").asLong()).isEqualTo(1200);
        assertThat(j.get("sequential_completion_tokens").asLong()).isEqualTo(200);
        assertThat(j.get("sequential_cost_usd").asDouble()).isCloseTo(4 * perMove, offset(1e-6));
        double cost = j.get("cost_usd").asDouble();
        assertThat(cost).as("guesses and branches cost more than the four moves").isGreaterThan(4 * perMove + 1e-6);
        assertThat(j.get("unnecessary_cost_usd").asDouble()).as("all beyond the four committed moves")
                .isCloseTo(cost - 4 * perMove, offset(2e-6));
        assertThat(j.get("total_cost_usd").asDouble()).isCloseTo(cost + 4 * perMove, offset(2e-6));

        Result text = run(concat(llm, "--replay-speed", "0")); // the figures of the sequential game need no pace
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("the sequential game: tokens 1,200 prompt, 200 completion, cost $0.0035; "
                + "both games together $").contains("beyond its committed thinks");

        Result once = run(concat(llm, "--replay-speed", "0", "--policy", "sequential"));
        assertThat(once.exitCode()).as(once.err()).isZero();
        assertThat(once.out()).contains("(policy sequential: the game was played once)")
                .contains("tokens 1,200 prompt, 200 completion, cost $0.0035");
        JsonNode onceJson = run(concat(llm, "--replay-speed", "0", "--policy", "sequential", "--json")).json();
        assertThat(onceJson.get("total_cost_usd").asDouble()).isCloseTo(4 * perMove, offset(1e-6));
    }

    /** An LLM that never names a move fails the game: exit 1, its error naming model, side and ply, and what it spent. */
    @Test
    void anLlmGameThatFailsSaysWhatTheFailedGameSpent() throws Exception {
        var request = ChatRequest.ofUser("any");
        List<TraceEntry> entries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var response = completion("I would rather not say.");
            ((ObjectNode) response).putObject("usage").put("prompt_tokens", 100)
                    .put("completion_tokens", 10).put("total_tokens", 110);
            entries.add(TraceEntry.completed(body(request, "gpt-5"), response, 1, 2));
        }
        try (var server = ReplayServer.builder(entries)
                .fallback(ReplayServer.Fallback.ORDER).timeScale(0).start()) {
            String[] args = {"chess", "--white", "llm", "--black", "llm", "--speculator", "llm", "--actor-model", "gpt-5",
                    "--speculator-model", "gpt-5", "--actor-endpoint", server.baseUrl().toString(), "--api-key-env", "none",
                    "--llm-retries", "0", "--plies", "2"};
            Result r = run(args);
            assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.EXIT_RUN_FAILED);
            assertThat(r.err()).contains("the sequential game failed after 0 plies (no move)")
                    .contains("model gpt-5 gave no legal move for White at ply 0")
                    .contains("its last answer: no move in square brackets: \"I would rather not say.\"")
                    .contains("the sequential game spent 300 prompt + 30 completion tokens, $0.0007")
                    .doesNotContain("Exception");
            assertThat(server.requests()).as("3 attempts of the runner, none retried by the player").isEqualTo(3);
        }
    }

    /** A speculator model the server does not serve fails every guess: the game goes on, and the command says why. */
    @Test
    void aSpeculatorThatNeverGuessesIsReportedWithItsFirstError(@TempDir Path dir)
            throws Exception {
        Path file = llmGameTrace(dir, List.of("e2e4", "e7e5", "g1f3", "b8c6"));
        Result r = run("chess", "--white", "llm", "--black", "llm", "--speculator", "llm", "--actor-model", "gpt-5",
                "--speculator-model", "gpt5", "--replay", file.toString(), "--replay-speed", "0", "--k", "2",
                "--plies", "4", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("hits").asInt()).isZero();
        assertThat(r.json().get("moves")).hasSize(4);
        assertThat(r.err()).containsPattern("the speculator \\(llm gpt5\\) gave no guess (\\d+) of the \\1 times it answered; "
                + "the first: the call failed: model gpt5: HTTP 404");
    }

    private static String[] concat(String[] args, String... more) {
        String[] out = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, out, args.length, more.length);
        return out;
    }

    /** A trace in which both LLM players play {@code game} (300 ms a move) and the speculator guesses wrong, then right. */
    static Path llmGameTrace(Path dir, List<String> game) throws Exception {
        StringBuilder trace = new StringBuilder();
        Position p = Position.start();
        for (String move : game) {
            trace.append(entry(ChatRequest.builder()
                    .system(ChessPrompts.SYSTEM)
                    .user(ChessPrompts.move(p)).build(), "[" + move + "]", 300)).append('\n');
            String wrong = p.legalMoves().stream().filter(m -> !m.equals(move)).findFirst().orElseThrow();
            trace.append(entry(ChatRequest.builder()
                    .system(ChessPrompts.SYSTEM)
                    .user(ChessPrompts.guess(p, 2)).build(),
                    "[" + wrong + "] [" + move + "]", 20)).append('\n');
            p = p.play(move);
        }
        Path file = dir.resolve("chess.jsonl");
        Files.writeString(file, trace);
        return file;
    }

    @Test
    void aSpeculativeGameThatFailsKeepsTheFinishedSequentialGame() throws Exception {
        assumeThat(EnginePool.stockfishAvailable()).as("stockfish installed").isTrue();
        // White is an LLM answering in order: a legal move in the sequential game, then never a move again.
        var request = ChatRequest.ofUser("any");
        List<TraceEntry> entries = new ArrayList<>();
        entries.add(TraceEntry.completed(body(request, "gpt-4.1"), completion("[e2e4]"), 1, 2));
        for (int i = 0; i < 12; i++) {
            entries.add(TraceEntry.completed(body(request, "gpt-4.1"),
                    completion("I would rather not say."), 1, 2));
        }
        try (var server = ReplayServer.builder(entries)
                .fallback(ReplayServer.Fallback.ORDER).timeScale(0).start()) {
            Result r = run("chess", "--white", "llm", "--black", "stockfish:depth=1", "--speculator", "stockfish:depth=1",
                    "--actor-endpoint", server.baseUrl().toString(), "--api-key-env", "none", "--llm-retries", "0",
                    "--plies", "2", "--json");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.EXIT_RUN_FAILED);
            assertThat(r.err()).contains("the algorithm1 game failed after 0 plies")
                    .contains("the sequential game had finished: 2 plies").contains("e2e4")
                    .doesNotContain("RunFailedException");
            JsonNode j = r.json();
            assertThat(j.get("failed_game").asText()).isEqualTo("algorithm1");
            assertThat(j.get("sequential_moves")).hasSize(2);
            assertThat(j.get("sequential_moves").get(0).asText()).isEqualTo("e2e4");
            assertThat(j.get("committed_moves")).isEmpty();
            assertThat(j.get("error").asText()).contains("no legal move");
            assertThat(j.path("sequential_wall_seconds").isNumber()).as(j.toString()).isTrue();
            JsonFieldNames.assertWellNamed(j);
        }
    }

    private static JsonNode body(ChatRequest request, String model) {
        return WireFormat.requestBody(request,
                LlmEndpoint.of("http://127.0.0.1:1/v1", model));
    }

    private static JsonNode completion(String content) {
        var response = CanonicalJson.object("id", "chatcmpl-test", "object", "chat.completion",
                "created", 1_700_000_000L, "model", "gpt-4.1");
        var choice = response.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        return response;
    }

    /** A trace line answering {@code request} with {@code content} after {@code totalMs}. */
    private static String entry(ChatRequest request, String content, double totalMs) {
        var body = WireFormat.requestBody(request,
                LlmEndpoint.of("http://127.0.0.1:1/v1", "gpt-5"));
        var response = CanonicalJson.object("id", "chatcmpl-test", "object", "chat.completion",
                "created", 1_700_000_000L, "model", "gpt-5");
        var choice = response.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        response.putObject("usage").put("prompt_tokens", 300).put("completion_tokens", 50).put("total_tokens", 350);
        return TraceEntry.completed(body, response, Math.min(10, totalMs), totalMs).toJson().toString();
    }

    /**
     * {@code --k 30} used to start 32 Stockfish processes (k + 2) on a 2-core machine; by default the pool is now
     * bounded by the cores + 2, the branches beyond it wait for a free process, and the game still plays the
     * sequential game's moves. Every process the command starts is counted by a wrapper that logs its pid and
     * execs Stockfish (child JVM, since SPECAGENT_STOCKFISH is read from the environment).
     */
    @Test
    void aLargeKStartsNoMoreEnginesThanTheCoresAllowAndStaysLossless(@TempDir Path dir)
            throws Exception {
        assumeThat(EnginePool.stockfishAvailable()).as("stockfish installed").isTrue();
        int k = 30;
        int cores = Runtime.getRuntime().availableProcessors();
        assumeThat(cores).as("a machine with fewer cores than k").isLessThan(k);
        int bound = cores + 2;
        Path pids = dir.resolve("pids");
        Path engine = dir.resolve("counted-stockfish.sh");
        Files.writeString(engine, "#!/bin/sh\necho $$ >> '%s'\nexec '%s'\n"
                .formatted(pids, EnginePool.stockfish()));
        assertThat(engine.toFile().setExecutable(true)).isTrue();
        Result r = CliTestSupport.runInChildJvm(Map.of("SPECAGENT_STOCKFISH", engine.toString()), "chess",
                "--white", "stockfish:nodes=2000", "--black", "stockfish:depth=3", "--speculator", "stockfish:nodes=200",
                "--policy", "chained", "--k", String.valueOf(k), "--plies", "4", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("moves")).hasSize(4).isEqualTo(j.get("sequential_moves"));
        assertThat(j.get("lossless").asBoolean()).isTrue();
        assertThat(Files.readAllLines(pids)).as("Stockfish processes started").hasSizeBetween(1, bound);
        // the ledger's peak counts the searches waiting for a process too, the pool's only those holding one (a
        // cancelled search holds its process until it stopped, after its ledger entry ended): neither bounds the other
        int onEngines = j.get("peak_engine_searches").asInt();
        assertThat(onEngines).isBetween(2, bound);
        assertThat(j.get("peak_concurrency").asInt()).isPositive();
    }

    @Test
    void aTinyLiveGameIsLosslessAndReportsItsFigures() throws Exception {
        assumeThat(EnginePool.stockfishAvailable()).as("stockfish installed").isTrue();
        Result r = run("chess", "--white", "stockfish:nodes=3000", "--black", "stockfish:depth=4", "--speculator",
                "stockfish:nodes=300", "--policy", "chained", "--k", "2", "--plies", "4", "--json",
                "--report", "target/chess-live.html");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("game chained (plies): 4/4");
        assertThat(Files.readString(Path.of("target/chess-live.html")))
                .contains("Live game, chained").contains("remote estimate");
        JsonNode j = r.json();
        assertThat(j.get("moves")).hasSize(4);
        assertThat(j.get("moves")).isEqualTo(j.get("sequential_moves"));
        assertThat(j.get("lossless_checked").asBoolean()).isTrue();
        assertThat(j.get("lossless").asBoolean()).isTrue();
        assertThat(j.has("remote_estimate")).isTrue();
        assertThat(j.get("peak_engine_searches").asInt()).isBetween(1, 4); // --engines: min(k, cores) + 2
        // the saving is the ledgers' (first think's start to last think's end), as in the report
        double sequential = j.get("sequential_seconds").asDouble();
        double speculative = j.get("speculative_seconds").asDouble();
        // both times are printed rounded to 1e-6 s, which a tiny game's short sequential time magnifies in the ratio
        double rounding = 100 * 0.5e-6 * (1 / sequential + speculative / (sequential * sequential)) + 0.5e-6;
        assertThat(j.get("saved_pct").asDouble()).isCloseTo(100 * (sequential - speculative) / sequential,
                offset(rounding + 1e-9));
    }
}
