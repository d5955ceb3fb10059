package dev.specagent.envs.chess.players;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.envs.chess.rules.Position;
import dev.specagent.llm.agent.CorrectingChat;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;


/**
 * An LLM as a chess player, through the project's OpenAI-compatible {@link ChatClient}: prompted with
 * the board and the legal moves ({@link ChessPrompts#move}), its answer is
 * read as the last move in square brackets (UCI as asked, or SAN; see {@link ChessPrompts#read}); an answer
 * whose last bracketed move is not legal (or ambiguous), or that has none, is retried in the same conversation,
 * telling the model why, at most {@code maxRetries} times, and then the think fails naming the model, side, ply and the
 * last answer ({@link CorrectingChat}). Only the answer text is read, never the reasoning text of a reasoning model (it names moves
 * the model considered, not the one it chose). Cancelling closes the HTTP stream of the call in flight.
 * Usage (tokens and cost) adds up over the attempts, retries included, whether the think succeeds or fails.
 * Not deterministic.
 */
public final class LlmChessPlayer implements ChessPlayer {

    private final ChatClient client;
    private final int maxRetries;

    public LlmChessPlayer(ChatClient client, int maxRetries) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
        this.client = client;
        this.maxRetries = maxRetries;
    }

    @Override
    public CallHandle play(Position position, Clock clock, Completion<String> done) {
        ChatRequest request = ChatRequest.builder().system(ChessPrompts.SYSTEM).user(ChessPrompts.move(position)).build();
        return CorrectingChat.start(client, request, response -> legalMove(position, response), maxRetries, why -> why,
                new CorrectingChat.Outcome<>() {
                    @Override
                    public void answered(String move, Usage total) {
                        done.succeed(move, total);
                    }

                    @Override
                    public void refused(IllegalArgumentException why, ChatResponse last, Usage total) {
                        done.fail(new IllegalStateException(noLegalMove(position, last)), total);
                    }

                    @Override
                    public void failed(Throwable error, Usage total) {
                        done.fail(error, total);
                    }
                });
    }

    /** The legal move {@code response} names; else throws with what the model is told ({@link ChessPrompts#retry}). */
    private static String legalMove(Position position, ChatResponse response) {
        String answered = ChessPrompts.lastMove(response.content());
        return ChessPrompts.read(answered, position).move()
                .orElseThrow(() -> new IllegalArgumentException(ChessPrompts.retry(answered, position)));
    }

    /** Why the think failed: the model, side, ply and position, and what its last answer was. */
    private String noLegalMove(Position position, ChatResponse last) {
        String answered = ChessPrompts.lastMove(last.content());
        String why;
        if (answered != null) {
            why = "[" + answered + "] " + ChessPrompts.read(answered, position).problem();
        } else if (last.content().isBlank()) {
            why = "empty" + (last.reasoning().isBlank() ? "" : " (the move was not in its answer text, only "
                    + last.reasoning().length() + " characters of reasoning text)");
        } else {
            why = "no move in square brackets: \"" + abbreviate(last.content().strip(), 120) + "\"";
        }
        if ("length".equals(last.finishReason())) {
            why += "; the answer was cut at the token limit";
        }
        return "model " + client.endpoint().model() + " gave no legal move for " + position.sideName() + " at ply "
                + position.ply() + " (" + position.fen() + ") in " + (maxRetries + 1) + " attempt(s); its last answer: "
                + why;
    }

    /** {@code text}, or its last {@code max} characters after an ellipsis (a final answer comes last). */
    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : "…" + text.substring(text.length() - max);
    }

    @Override
    public boolean deterministic() {
        return false;
    }

    @Override
    public String describe() {
        String effort = client.endpoint().reasoningEffort();
        return "llm " + client.endpoint().model() + (effort != null ? " (" + effort + " effort)" : "");
    }
}
