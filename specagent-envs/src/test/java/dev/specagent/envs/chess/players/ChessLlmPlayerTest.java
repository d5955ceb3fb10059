package dev.specagent.envs.chess.players;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.ledger.CommittedCalls;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.envs.chess.live.LiveChessGame;
import dev.specagent.envs.chess.rules.Position;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.internal.WireFormat;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/**
 * The LLM player and speculator against the project's OpenAI-compatible replay server over loopback
 * HTTP: answers parsed as UCI, illegal answers retried a bounded number of times, cancellation closing
 * the stream, and a speculative LLM game that plays the sequential game's moves, each hit thinking while the
 * opponent still thinks.
 */
class ChessLlmPlayerTest {

    private static final String MODEL = "gpt-5";
    private static final List<String> GAME = List.of("e2e4", "e7e5", "g1f3", "b8c6", "f1b5", "a7a6");

    private static ObjectNode body(ChatRequest request) {
        return WireFormat.requestBody(request, LlmEndpoint.of("http://127.0.0.1:1/v1", MODEL));
    }

    private static TraceEntry answer(ChatRequest request, String content, double totalMs) {
        ObjectNode response = CanonicalJson.object("id", "chatcmpl-test", "object", "chat.completion",
                "created", 1_700_000_000L, "model", MODEL);
        ObjectNode choice = response.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        response.putObject("usage").put("prompt_tokens", 400).put("completion_tokens", 100).put("total_tokens", 500);
        return TraceEntry.completed(body(request), response, Math.min(50, totalMs), totalMs);
    }

    /** An answer with reasoning text beside its content and the given finish reason. */
    private static TraceEntry answer(ChatRequest request, String content, String reasoning, String finish) {
        TraceEntry plain = answer(request, content, 10);
        ObjectNode response = (ObjectNode) plain.response().deepCopy();
        ObjectNode choice = (ObjectNode) response.get("choices").get(0);
        ((ObjectNode) choice.get("message")).put("reasoning_content", reasoning);
        choice.put("finish_reason", finish);
        return TraceEntry.completed(body(request), response, 5, 10);
    }

    /** What a think or guess reported: its value or error, and the usage charged with it. */
    private record Reported<T>(T value, Throwable error, Usage usage) {
    }

    private static <T> Completion<T> reporting(CompletableFuture<Reported<T>> future) {
        return new Completion<>() {
            @Override
            public void succeed(T value, Usage usage) {
                future.complete(new Reported<>(value, null, usage));
            }

            @Override
            public void fail(Throwable error, Usage spent) {
                future.complete(new Reported<>(null, error, spent));
            }
        };
    }

    private static ChatRequest.Builder moveRequest(Position p) {
        return ChatRequest.builder().system(ChessPrompts.SYSTEM).user(ChessPrompts.move(p));
    }

    private static ChatRequest guessRequest(Position p, int k) {
        return ChatRequest.builder().system(ChessPrompts.SYSTEM).user(ChessPrompts.guess(p, k)).build();
    }

    private static ChatClient client(ReplayServer server) {
        return ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), MODEL)).maxRetries(0).build();
    }

    private static CompletableFuture<String> think(ChessPlayer player, Position p, RealClock clock) {
        CompletableFuture<String> move = new CompletableFuture<>();
        player.play(p, clock, completion(move));
        return move;
    }

    private static <T> Completion<T> completion(CompletableFuture<T> future) {
        return new Completion<>() {
            @Override
            public void succeed(T value, Usage usage) {
                future.complete(value);
            }

            @Override
            public void fail(Throwable error, Usage spent) {
                future.completeExceptionally(error);
            }
        };
    }

    @Test
    void anIllegalAnswerIsRetriedAndTheLegalOneParsed() throws Exception {
        Position start = Position.start();
        ChatRequest.Builder conversation = moveRequest(start);
        List<TraceEntry> trace = new ArrayList<>();
        trace.add(answer(conversation.build(), "The king's pawn two squares: [e2e5]", 10));
        conversation.assistant("The king's pawn two squares: [e2e5]").user(ChessPrompts.retry("e2e5", start));
        trace.add(answer(conversation.build(), "Sorry, I meant [E2E4]", 10));
        try (ReplayServer server = ReplayServer.builder(trace).start(); ChatClient client = client(server);
             RealClock clock = new RealClock()) {
            assertThat(think(new LlmChessPlayer(client, 2), start, clock).get(10, TimeUnit.SECONDS)).isEqualTo("e2e4");
            assertThat(server.served()).isEqualTo(2);
        }
    }

    @Test
    void retriesAreBounded() throws Exception {
        Position start = Position.start();
        ChatRequest.Builder conversation = moveRequest(start);
        List<TraceEntry> trace = new ArrayList<>();
        trace.add(answer(conversation.build(), "[a1a1]", 10));
        conversation.assistant("[a1a1]").user(ChessPrompts.retry("a1a1", start));
        trace.add(answer(conversation.build(), "still [a1a1]", 10));
        try (ReplayServer server = ReplayServer.builder(trace).start(); ChatClient client = client(server);
             RealClock clock = new RealClock()) {
            CompletableFuture<String> move = think(new LlmChessPlayer(client, 1), start, clock);
            assertThatThrownBy(() -> move.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("no legal move").hasMessageContaining("2 attempt(s)");
            assertThat(server.requests()).isEqualTo(2);
        }
    }

    @Test
    void cancellingAThinkClosesItsStream() throws Exception {
        Position start = Position.start();
        List<TraceEntry> trace = List.of(answer(moveRequest(start).build(), "[e2e4]", 5000));
        try (ReplayServer server = ReplayServer.builder(trace).start(); ChatClient client = client(server);
             RealClock clock = new RealClock()) {
            CompletableFuture<String> move = new CompletableFuture<>();
            CallHandle handle = new LlmChessPlayer(client, 0).play(start, clock, completion(move));
            server.awaitRequests(1, Duration.ofSeconds(3));
            Thread.sleep(300); // the answer is streaming now (its first token is due after 50 ms)
            assertThat(move).as("the think is still running").isNotDone();
            Usage spent = handle.cancel();
            assertThat(spent.promptTokens()).isPositive();
            server.awaitDisconnect(Duration.ofSeconds(10));
            assertThat(server.disconnects()).hasSize(1);
            assertThat(move).isNotDone();
        }
    }

    @Test
    void theLastBracketedMoveIsTheAnswerAlsoInSanNotAnEarlierUciMoveOfTheReasoning() throws Exception {
        Position start = Position.start();
        String content = "Considering [e2e4] and [d2d4]; both are fine, but I prefer development. Final answer: [Nf3]";
        List<TraceEntry> trace = List.of(answer(moveRequest(start).build(), content, 10));
        try (ReplayServer server = ReplayServer.builder(trace).start(); ChatClient client = client(server);
             RealClock clock = new RealClock()) {
            assertThat(think(new LlmChessPlayer(client, 2), start, clock).get(10, TimeUnit.SECONDS)).isEqualTo("g1f3");
            assertThat(server.requests()).as("a SAN answer is no reason to ask again").isEqualTo(1);
        }
    }

    @Test
    void aThinkWithoutALegalMoveFailsNamingModelSidePlyAndAnswerChargedForEveryAttempt() throws Exception {
        Position p = Position.start().play("e2e4");
        ChatRequest.Builder conversation = moveRequest(p);
        List<TraceEntry> trace = new ArrayList<>();
        trace.add(answer(conversation.build(), "Let me see... [e7e4]", 10));
        conversation.assistant("Let me see... [e7e4]").user(ChessPrompts.retry("e7e4", p));
        trace.add(answer(conversation.build(), "I would rather not say.", 10));
        try (ReplayServer server = ReplayServer.builder(trace).start(); ChatClient client = client(server);
             RealClock clock = new RealClock()) {
            CompletableFuture<Reported<String>> reported = new CompletableFuture<>();
            new LlmChessPlayer(client, 1).play(p, clock, reporting(reported));
            Reported<String> r = reported.get(10, TimeUnit.SECONDS);
            assertThat(r.error()).hasMessage("model gpt-5 gave no legal move for Black at ply 1 (" + p.fen()
                    + ") in 2 attempt(s); its last answer: no move in square brackets: \"I would rather not say.\"");
            assertThat(r.usage().promptTokens()).as("both attempts charged").isEqualTo(800);
            assertThat(r.usage().completionTokens()).isEqualTo(200);
            assertThat(server.requests()).isEqualTo(2);
        }
    }

    @Test
    void aReasoningModelsEmptyAnswerIsNotReadFromItsReasoningAndTheFailureSaysSo() throws Exception {
        Position p = Position.start().play("e2e4");
        List<TraceEntry> trace = List.of(answer(moveRequest(p).build(), "",
                "White opened [e2e4]; the usual reply is [e7e5], or maybe [c7c5]", "length"));
        try (ReplayServer server = ReplayServer.builder(trace).start(); ChatClient client = client(server);
             RealClock clock = new RealClock()) {
            CompletableFuture<Reported<String>> reported = new CompletableFuture<>();
            new LlmChessPlayer(client, 0).play(p, clock, reporting(reported));
            Reported<String> r = reported.get(10, TimeUnit.SECONDS);
            assertThat(r.value()).as("a move the reasoning considered is not the answer").isNull();
            assertThat(r.error().getMessage()).startsWith("model gpt-5 gave no legal move for Black at ply 1")
                    .contains("in 1 attempt(s); its last answer: empty (the move was not in its answer text, only 63 "
                            + "characters of reasoning text); the answer was cut at the token limit");
            assertThat(r.usage().promptTokens()).isEqualTo(400);
        }
    }

    /**
     * A final answer written with its move number ({@code [1. e4]}, {@code [1...e5]}) or in figurines
     * ({@code [♘f3]}) is that move, and one that cannot be read ({@code [nf3]}, {@code [NF3]}) or names several moves
     * ({@code [e4 e5]}) is refused: neither is passed over for a move the reasoning named before it, which the model
     * did not choose.
     */
    @Test
    void aFinalAnswerInAnotherNotationIsThatMoveOrRefusedNeverAnEarlierMoveOfTheReasoning() throws Exception {
        Position start = Position.start();
        Position e4 = start.play("e2e4");
        Position e5 = e4.play("e7e5");
        Position nf3 = e5.play("g1f3");
        Position nc6 = nf3.play("b8c6");
        Position bb5 = nc6.play("f1b5");
        List<TraceEntry> trace = List.of(
                answer(moveRequest(start).build(), "Considering [d2d4]. Final answer: [1. e4]", 10),
                answer(moveRequest(e4).build(), "Considering [c7c5]. Final answer: [1...e5]", 10),
                answer(moveRequest(e5).build(), "Considering [d2d4]. Final answer: [♘f3]", 10),
                answer(moveRequest(nf3).build(), "Considering [g8f6]. Final answer: [nc6]", 10),
                answer(moveRequest(nc6).build(), "Considering [d2d4]. Final answer: [BB5]", 10),
                answer(moveRequest(bb5).build(), "Considering [g8f6]. Final answer: [a6 Ba4]", 10));
        try (ReplayServer server = ReplayServer.builder(trace).start(); ChatClient client = client(server);
             RealClock clock = new RealClock()) {
            LlmChessPlayer player = new LlmChessPlayer(client, 0);
            assertThat(think(player, start, clock).get(10, TimeUnit.SECONDS)).isEqualTo("e2e4");
            assertThat(think(player, e4, clock).get(10, TimeUnit.SECONDS)).isEqualTo("e7e5");
            assertThat(think(player, e5, clock).get(10, TimeUnit.SECONDS)).isEqualTo("g1f3");
            List<String> why = List.of("[nc6] is not written in UCI (e2e4) or SAN (Nf3: piece letters upper case, "
                    + "files lower case)", "[BB5] is not written in UCI", "[a6 Ba4] names 2 moves (a6, Ba4), not one");
            List<Position> refused = List.of(nf3, nc6, bb5);
            for (int i = 0; i < refused.size(); i++) {
                Position p = refused.get(i);
                CompletableFuture<Reported<String>> reported = new CompletableFuture<>();
                player.play(p, clock, reporting(reported));
                Reported<String> r = reported.get(10, TimeUnit.SECONDS);
                assertThat(r.value()).as("not the move the reasoning considered at ply " + p.ply()).isNull();
                assertThat(r.error().getMessage()).contains("gave no legal move", "its last answer: " + why.get(i));
            }
        }
        // the speculator reads them the same way, a bracket listing several moves as several guesses
        assertThat(LlmMoveGuesser.guesses("[1. e4] [♘f3] [nc3] [d4, c4]", start, 4))
                .extracting(g -> g.value().asText()).containsExactly("e2e4", "g1f3", "d2d4", "c2c4");
    }

    /**
     * A final answer typeset with a Unicode dash ({@code [O–O]}, {@code [g1–f3]}), a multiplication sign for the capture
     * ({@code [N×e5]}) or its check mark apart ({@code [Bb5 +]}) is that move, not a move the reasoning named before.
     */
    @Test
    void aTypesetFinalAnswerIsThatMoveNotAnEarlierMoveOfTheReasoning() throws Exception {
        Position start = Position.start();
        Position italian = Position.of(List.of("e2e4", "e7e5", "g1f3", "b8c6", "f1c4", "f8c5"));
        Position open = Position.of(List.of("e2e4", "e7e5", "g1f3", "b8c6", "d2d4", "c6d4"));
        Position ruy = Position.of(List.of("e2e4", "e7e5", "g1f3", "b8c6"));
        List<TraceEntry> trace = List.of(
                answer(moveRequest(start).build(), "Considering [d2d4]. Final answer: [g1–f3]", 10),
                answer(moveRequest(italian).build(), "Considering [d2d3]. Final answer: [O–O]", 10),
                answer(moveRequest(open).build(), "Considering [d1d4]. Final answer: [N×e5]", 10),
                answer(moveRequest(ruy).build(), "Considering [d2d4]. Final answer: [Bb5 !]", 10));
        try (ReplayServer server = ReplayServer.builder(trace).start(); ChatClient client = client(server);
             RealClock clock = new RealClock()) {
            LlmChessPlayer player = new LlmChessPlayer(client, 0);
            assertThat(think(player, start, clock).get(10, TimeUnit.SECONDS)).isEqualTo("g1f3");
            assertThat(think(player, italian, clock).get(10, TimeUnit.SECONDS)).isEqualTo("e1g1");
            assertThat(think(player, open, clock).get(10, TimeUnit.SECONDS)).isEqualTo("f3e5");
            assertThat(think(player, ruy, clock).get(10, TimeUnit.SECONDS)).isEqualTo("f1b5");
        }
    }

    @Test
    void theGuesserReadsSanMergesRepeatsDropsIllegalMovesAndAFailedCallGivesNoGuesses() throws Exception {
        Position start = Position.start();
        Position after = start.play("e2e4");
        List<TraceEntry> trace = List.of(answer(guessRequest(start, 3), "[Nf3] [g1f3] [e4] [Ke2] [e2e4] [d4] [c4]", 10));
        try (ReplayServer server = ReplayServer.builder(trace).start(); ChatClient client = client(server);
             RealClock clock = new RealClock()) {
            LlmMoveGuesser guesser = new LlmMoveGuesser(client);
            CompletableFuture<Reported<List<Guess>>> guessed = new CompletableFuture<>();
            guesser.guess(start, 3, clock, reporting(guessed));
            Reported<List<Guess>> r = guessed.get(10, TimeUnit.SECONDS);
            assertThat(r.value()).extracting(g -> g.value().asText()).containsExactly("g1f3", "e2e4", "d2d4");
            assertThat(r.value()).extracting(Guess::confidence).isSortedAccordingTo(
                    Comparator.reverseOrder());
            assertThat(r.usage().promptTokens()).isEqualTo(400);

            CompletableFuture<Reported<List<Guess>>> missed = new CompletableFuture<>();
            guesser.guess(after, 3, clock, reporting(missed)); // not in the trace: the server answers 404
            Reported<List<Guess>> none = missed.get(10, TimeUnit.SECONDS);
            assertThat(none.error()).isNull();
            assertThat(none.value()).isEmpty();
            assertThat(guesser.finishedGuesses()).isEqualTo(2);
            assertThat(guesser.emptyGuesses()).isEqualTo(1);
            assertThat(guesser.firstEmptyGuess()).hasValueSatisfying(why -> assertThat(why)
                    .startsWith("the call failed: model gpt-5: HTTP 404"));
        }
    }

    @Test
    void cancellingAGuessClosesItsStream() throws Exception {
        Position start = Position.start();
        List<TraceEntry> trace = List.of(answer(guessRequest(start, 2), "[e2e4] [d2d4]", 5000));
        try (ReplayServer server = ReplayServer.builder(trace).start(); ChatClient client = client(server);
             RealClock clock = new RealClock()) {
            CompletableFuture<Reported<List<Guess>>> guessed = new CompletableFuture<>();
            CallHandle handle = new LlmMoveGuesser(client).guess(start, 2, clock, reporting(guessed));
            server.awaitRequests(1, Duration.ofSeconds(3));
            Thread.sleep(300); // streaming now
            Usage spent = handle.cancel();
            assertThat(spent.promptTokens()).isPositive();
            server.awaitDisconnect(Duration.ofSeconds(10));
            assertThat(server.disconnects()).hasSize(1);
            assertThat(guessed).as("a cancelled guess reports nothing; its spend is what cancel returned").isNotDone();
        }
    }

    /** An answer whose capture sign disagrees with the board is asked again like an illegal one, saying why. */
    @Test
    void anAnswerMarkingACaptureThatIsNoneIsRetriedSayingWhy() throws Exception {
        Position start = Position.start();
        ChatRequest.Builder conversation = moveRequest(start);
        List<TraceEntry> trace = new ArrayList<>();
        trace.add(answer(conversation.build(), "Take on e4: [Pxe4]", 10));
        String retry = ChessPrompts.retry("Pxe4", start);
        assertThat(retry).startsWith("[Pxe4] marks a capture, but e2e4 captures nothing in this position. Valid moves: ");
        conversation.assistant("Take on e4: [Pxe4]").user(retry);
        trace.add(answer(conversation.build(), "Then [d2d4]", 10));
        try (ReplayServer server = ReplayServer.builder(trace).start(); ChatClient client = client(server);
             RealClock clock = new RealClock()) {
            assertThat(think(new LlmChessPlayer(client, 2), start, clock).get(10, TimeUnit.SECONDS)).isEqualTo("d2d4");
            assertThat(server.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(server.served()).isEqualTo(2);
        }
        // the speculator's guesses drop it as they drop an illegal move
        assertThat(LlmMoveGuesser.guesses("[Pxe4] [d4] [Nxf3] [Nf3]", start, 3))
                .extracting(g -> g.value().asText()).containsExactly("d2d4", "g1f3");
    }

    /** The board the model is shown lists the moves so far, once there are any. */
    @Test
    void thePromptListsTheMovesSoFarOnceThereAreAny() {
        assertThat(ChessPrompts.describe(Position.start())).doesNotContain("Moves so far")
                .contains("[GAME] You are playing White").endsWith("[g2g4], [h2h3], [h2h4]");
        assertThat(ChessPrompts.describe(Position.start().play("e2e4").play("c7c5")))
                .contains("\nMoves so far: e2e4 c7c5\nValid moves: ");
    }

    /** The speculator's confidence falls with rank: 1/(rank+1), normalised to sum to 1. */
    @Test
    void theGuessesConfidencesAreOneOverRankNormalised() {
        List<Guess> guesses = LlmMoveGuesser.guesses("[e4] [d4] [Nf3]", Position.start(), 3);
        assertThat(guesses).extracting(g -> g.value().asText()).containsExactly("e2e4", "d2d4", "g1f3");
        assertThat(guesses.get(0).confidence()).isCloseTo(6.0 / 11, offset(1e-12));
        assertThat(guesses.get(1).confidence()).isCloseTo(3.0 / 11, offset(1e-12));
        assertThat(guesses.get(2).confidence()).isCloseTo(2.0 / 11, offset(1e-12));
        assertThat(LlmMoveGuesser.guesses("[e4]", Position.start(), 3).get(0).confidence()).isEqualTo(1.0);
    }

    /** A guess whose answer names no legal move is counted as empty, the answer quoted (its first 120 characters). */
    @Test
    void anAnswerWithoutALegalMoveGivesNoGuessesAndIsQuoted() throws Exception {
        Position start = Position.start();
        String rambling = "I think white should ".repeat(8) + "play something solid [e2e5]";
        List<TraceEntry> trace = List.of(answer(guessRequest(start, 2), rambling, 10));
        try (ReplayServer server = ReplayServer.builder(trace).start(); ChatClient client = client(server);
             RealClock clock = new RealClock()) {
            LlmMoveGuesser guesser = new LlmMoveGuesser(client);
            CompletableFuture<Reported<List<Guess>>> guessed = new CompletableFuture<>();
            guesser.guess(start, 2, clock, reporting(guessed));
            Reported<List<Guess>> r = guessed.get(10, TimeUnit.SECONDS);
            assertThat(r.value()).isEmpty();
            assertThat(r.usage().promptTokens()).as("the answer is charged").isEqualTo(400);
            assertThat(guesser.finishedGuesses()).isEqualTo(1);
            assertThat(guesser.emptyGuesses()).isEqualTo(1);
            assertThat(guesser.firstEmptyGuess()).contains("no legal move in the answer at ply 0: \""
                    + rambling.substring(0, 120) + "…\"");
            String exact = "y".repeat(119) + "z"; // 120 characters: quoted whole
            List<TraceEntry> second = List.of(answer(guessRequest(start.play("e2e4"), 2), exact, 10));
            try (ReplayServer other = ReplayServer.builder(second).start(); ChatClient client2 = client(other)) {
                LlmMoveGuesser guesser2 = new LlmMoveGuesser(client2);
                CompletableFuture<Reported<List<Guess>>> g2 = new CompletableFuture<>();
                guesser2.guess(start.play("e2e4"), 2, clock, reporting(g2));
                assertThat(g2.get(10, TimeUnit.SECONDS).value()).isEmpty();
                assertThat(guesser2.firstEmptyGuess()).contains("no legal move in the answer at ply 1: \"" + exact + "\"");
            }
        }
    }

    /** A think whose call fails (here the server does not know the request: HTTP 404) fails with that error. */
    @Test
    void aThinkWhoseCallFailsFailsWithTheCallsError() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of()).start(); ChatClient client = client(server);
             RealClock clock = new RealClock()) {
            CompletableFuture<Reported<String>> reported = new CompletableFuture<>();
            new LlmChessPlayer(client, 2).play(Position.start(), clock, reporting(reported));
            Reported<String> r = reported.get(10, TimeUnit.SECONDS);
            assertThat(r.value()).isNull();
            assertThat(r.error()).hasMessageStartingWith("model gpt-5: HTTP 404");
            assertThat(server.requests()).as("a failed call is not a wrong answer: no retry").isEqualTo(1);
        }
    }

    /** The last answer is quoted whole up to 120 characters, else its last 120 after an ellipsis. */
    @Test
    void aLongLastAnswerIsQuotedByItsEnd() throws Exception {
        Position start = Position.start();
        Position after = start.play("e2e4");
        String exact = "x".repeat(119) + "y";
        String longer = "z" + exact;
        List<TraceEntry> trace = List.of(answer(moveRequest(start).build(), exact, 10),
                answer(moveRequest(after).build(), longer, 10));
        try (ReplayServer server = ReplayServer.builder(trace).start(); ChatClient client = client(server);
             RealClock clock = new RealClock()) {
            LlmChessPlayer player = new LlmChessPlayer(client, 0);
            CompletableFuture<Reported<String>> first = new CompletableFuture<>();
            player.play(start, clock, reporting(first));
            assertThat(first.get(10, TimeUnit.SECONDS).error().getMessage())
                    .endsWith("its last answer: no move in square brackets: \"" + exact + "\"");
            CompletableFuture<Reported<String>> second = new CompletableFuture<>();
            player.play(after, clock, reporting(second));
            assertThat(second.get(10, TimeUnit.SECONDS).error().getMessage())
                    .endsWith("its last answer: no move in square brackets: \"…" + exact + "\"");
        }
    }

    @Test
    void theSpeculatorsLegalBracketedMovesAreTheGuesses() {
        Position start = Position.start();
        assertThat(LlmMoveGuesser.guesses("Likely [e2e4], then [e2e5] or [d2d4] [g1f3]", start, 2))
                .extracting(g -> g.value().asText()).containsExactly("e2e4", "d2d4");
        assertThat(LlmMoveGuesser.guesses("no idea", start, 3)).isEmpty();
    }

    @Test
    void theMoveAnsweredIsTheLastBracketedOneEvenWhenTheReasoningNamedItFirst() {
        assertThat(ChessPrompts.lastMove("Considering [e2e4] or maybe [d2d4]. Final answer: [E2E4]")).isEqualTo("E2E4");
        assertThat(Position.start().legalMove(ChessPrompts.lastMove("[d2d4] [GAME] Final answer: [E2E4] [White]")))
                .contains("e2e4");
        assertThat(ChessPrompts.lastMove("Considering [e2e4]. Final answer: [O-O]")).isEqualTo("O-O");
        assertThat(ChessPrompts.lastMove("no move")).isNull();
        assertThat(ChessPrompts.moves("[e2e4] [d2d4] [e2e4]")).containsExactly("e2e4", "d2d4");
        assertThat(ChessPrompts.lastMove("Final answer: [NXe5]")).as("a capital X for the capture").isEqualTo("NXe5");
        assertThat(ChessPrompts.moves("[E2XE4] [d4Xe5] [Nf3Xe5]")).containsExactly("E2XE4", "d4Xe5", "Nf3Xe5");
    }

    /**
     * A reasoning model served without a reasoning parser writes its reasoning in the answer, in a leading think block:
     * the moves it names there are moves considered. The player played [d2d4] of the reasoning when the final answer
     * left its move unbracketed, and the guesser ranked the considered moves above the answered ones.
     */
    @Test
    void theMovesOfAThinkBlockAreNeitherPlayedNorGuessed() {
        Position start = Position.start();
        String thinking = "<think>\nShould I play [d2d4]? Or [c2c4]... I'll go with the king's pawn.\n</think>\n\n";
        assertThat(ChessPrompts.lastMove(thinking + "My move: e2e4")).isNull();
        assertThat(ChessPrompts.retry(ChessPrompts.lastMove(thinking + "My move: e2e4"), start))
                .startsWith("Your answer contained no move in square brackets.");
        assertThat(ChessPrompts.lastMove(thinking + "[e2e4]")).isEqualTo("e2e4");
        assertThat(ChessPrompts.lastMove("Should I play [d2d4]? No.\n</think>\nMy move: e2e4")).isNull();
        assertThat(ChessPrompts.lastMove("<think>Should I play [d2d4]? Or")).as("all reasoning, cut").isNull();
        assertThat(LlmMoveGuesser.guesses(thinking + "[e2e4] [g1f3] [b1c3]", start, 3))
                .extracting(g -> g.value().asText()).containsExactly("e2e4", "g1f3", "b1c3");
    }

    /** Underscore emphasis and typeset quotes around a bracketed move are emphasis and quotes, as {@code *} and {@code "}. */
    @Test
    void aMoveInUnderscoreEmphasisOrTypesetQuotesIsThatMove() {
        Position start = Position.start();
        for (String answer : List.of("[_e4_]", "[__e2e4__]", "[“e2e4”]", "[‘e4’]")) {
            assertThat(ChessPrompts.read(ChessPrompts.lastMove(answer), start).move()).as(answer).contains("e2e4");
        }
        assertThat(LlmMoveGuesser.guesses("[“e2e4”, “d2d4”]", start, 3)).extracting(g -> g.value().asText())
                .containsExactly("e2e4", "d2d4");
    }

    /**
     * The en passant mark written without its dots ({@code ep}) or without its last one: the bracket was passed over
     * as no move, so the player played a move its reasoning named before ([a2a3]), or asked again.
     */
    @Test
    void anEnPassantMarkWithoutItsDotsIsDroppedLikeEP() {
        Position enPassant = Position.of(List.of("e2e4", "a7a6", "e4e5", "d7d5"));
        for (String answer : List.of("[exd6 ep]", "[exd6 e.p]", "[exd6ep]", "[e5d6 EP]", "[exd6 e.p.]", "[exd6 ep.]")) {
            assertThat(ChessPrompts.read(ChessPrompts.lastMove("Considering [a2a3]. Final answer: " + answer), enPassant)
                    .move()).as(answer).contains("e5d6");
        }
    }

    /** An answer in over-disambiguated SAN is read as its move; an ambiguous one is asked again, saying why. */
    @Test
    void anOverDisambiguatedAnswerIsPlayedAndAnAmbiguousOneIsExplained() {
        Position knights = Position.of(List.of("d2d4", "d7d5", "g1f3", "g8f6"));
        Position oneKnight = Position.of(List.of("d2d4", "d7d5")); // only the b1 knight can go to d2
        assertThat(oneKnight.legalMove(ChessPrompts.lastMove("The queen's knight: [Nbd2]"))).contains("b1d2");
        assertThat(Position.start().legalMove(ChessPrompts.lastMove("Final answer: [Pe4]"))).contains("e2e4");
        assertThat(Position.start().legalMove(ChessPrompts.lastMove("Final answer: [Pe2e4]"))).contains("e2e4");
        assertThat(ChessPrompts.retry("Nd2", knights))
                .startsWith("[Nd2] is ambiguous in this position: it could be b1d2 or f3d2. Valid moves: ");
        assertThat(ChessPrompts.retry("e2e5", Position.start()))
                .startsWith("[e2e5] is not a valid move in this position. Valid moves: [a2a3], ");
    }

    @Test
    void aSpeculativeLlmGamePlaysTheSequentialMovesWhileTheOpponentThinks() throws Exception {
        int k = 2;
        List<TraceEntry> trace = new ArrayList<>();
        Position p = Position.start();
        for (int ply = 0; ply < GAME.size(); ply++) {
            String move = GAME.get(ply);
            ChatRequest.Builder conversation = moveRequest(p);
            if (ply == 1) { // black first answers an illegal move and is asked again
                trace.add(answer(conversation.build(), "[e7e4]", 100));
                conversation.assistant("[e7e4]").user(ChessPrompts.retry("e7e4", p));
                trace.add(answer(conversation.build(), "[" + move + "]", 300));
            } else {
                trace.add(answer(conversation.build(), "I play [" + move + "]", 400));
            }
            List<String> wrong = p.legalMoves().stream().filter(m -> !m.equals(move)).limit(2).toList();
            String guesses = ply % 2 == 0 ? "[" + wrong.get(0) + "] [" + move + "]" : "[" + wrong.get(0) + "] [" + wrong.get(1) + "]";
            trace.add(answer(guessRequest(p, k), guesses, 80));
            p = p.play(move);
        }
        try (ReplayServer server = ReplayServer.builder(trace).start(); ChatClient client = client(server)) {
            LlmChessPlayer player = new LlmChessPlayer(client, 2);
            LiveChessGame.Setup setup = new LiveChessGame.Setup(player, player, new LlmMoveGuesser(client), GAME.size());
            LiveChessGame.Played sequential = LiveChessGame.play(setup, new SequentialPolicy());
            LiveChessGame.Played speculative = LiveChessGame.play(setup, new Algorithm1Policy(k));
            assertThat(sequential.moves()).isEqualTo(GAME);
            assertThat(speculative.moves()).isEqualTo(GAME);
            assertThat(speculative.result().figures().hits()).isEqualTo(3);
            // each hit's think ran while the opponent's think before it was still running, which never happens in
            // the sequential game: read from the ledgers rather than by comparing the two games' wall times on a
            // real clock, a speed figure that belongs to the benchmarks
            System.out.printf("sequential game %.2f s, speculative game %.2f s%n", sequential.wallSeconds(),
                    speculative.wallSeconds());
            assertThat(CommittedCalls.overlap(speculative.result().ledger())).isTrue();
            assertThat(CommittedCalls.overlap(sequential.result().ledger())).isFalse();
            assertThat(speculative.result().figures().completionTokens()).isGreaterThan(
                    sequential.result().figures().completionTokens());
            assertThat(speculative.result().figures().costUsd()).isPositive();
        }
    }
}
