package dev.specagent.envs.chess.players;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.envs.chess.rules.Position;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;

import java.util.concurrent.CancellationException;

/**
 * An LLM as a chess player, through the project's OpenAI-compatible {@link ChatClient}: prompted with
 * the board and the legal moves ({@link ChessPrompts#move}), its answer is
 * read as the last move in square brackets (UCI as asked, or SAN; see {@link Position#read}); an answer
 * whose last bracketed move is not legal (or ambiguous), or that has none, is retried in the same conversation,
 * telling the model why, at most {@code maxRetries} times, and then the think fails naming the model, side, ply and the
 * last answer. Only the answer text is read, never the reasoning text of a reasoning model (it names moves
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
        Think think = new Think();
        clock.blockingExecutor().execute(() -> think.run(position, done));
        return think;
    }

    /** One think: a conversation of at most {@code maxRetries + 1} calls. */
    private final class Think implements CallHandle {
        private ChatCall current;
        private Usage spent = Usage.ZERO;
        private boolean cancelled;

        void run(Position position, Completion<String> done) {
            ChatRequest.Builder request = ChatRequest.builder().system(ChessPrompts.SYSTEM).user(ChessPrompts.move(position));
            ChatResponse last = null;
            for (int attempt = 0; attempt <= maxRetries; attempt++) {
                ChatCall call;
                synchronized (this) {
                    if (cancelled) {
                        return;
                    }
                    call = client.start(request.build());
                    current = call;
                }
                ChatResponse response;
                try {
                    response = call.await();
                } catch (CancellationException e) {
                    return; // cancel() accounted for the usage
                } catch (RuntimeException e) {
                    done.fail(e, add(call.spentSoFar()));
                    return;
                }
                Usage total = add(response.usage());
                String answered = ChessPrompts.lastMove(response.content());
                String move = position.legalMove(answered).orElse(null);
                if (move != null) {
                    done.succeed(move, total);
                    return;
                }
                last = response;
                request.assistant(response.content()).user(ChessPrompts.retry(answered, position));
            }
            done.fail(new IllegalStateException(noLegalMove(position, last)), spent());
        }

        /** Why the think failed: the model, side, ply and position, and what its last answer was. */
        private String noLegalMove(Position position, ChatResponse last) {
            String answered = ChessPrompts.lastMove(last.content());
            String why;
            if (answered != null) {
                why = "[" + answered + "] " + position.read(answered).problem();
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

        private synchronized Usage add(Usage usage) {
            current = null;
            spent = spent.plus(usage);
            return spent;
        }

        private synchronized Usage spent() {
            return spent;
        }

        @Override
        public Usage cancel() {
            ChatCall call;
            synchronized (this) {
                if (cancelled) {
                    return Usage.ZERO;
                }
                cancelled = true;
                call = current;
                current = null;
            }
            Usage inFlight = call != null ? call.cancel() : Usage.ZERO;
            synchronized (this) {
                return spent.plus(inFlight);
            }
        }
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
