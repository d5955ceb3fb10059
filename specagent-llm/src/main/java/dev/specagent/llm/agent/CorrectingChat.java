package dev.specagent.llm.agent;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatModel;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmCall;
import dev.specagent.llm.client.LlmException;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Function;

/**
 * A chat completion whose answer must be readable, and which, when it is not, tells the model why and asks again.
 * The {@code read} function turns an answer into a value or throws an {@link IllegalArgumentException} saying why
 * it refuses it; at most {@code corrections} times the conversation then goes on with the refused answer as the
 * assistant's turn and {@code feedback.apply(why)} as the user's, with the first request's other settings
 * (temperature, token limit) unchanged. Sending the same request again would not do: at temperature 0 a model
 * gives the same unusable answer again. The requests are a function of the answers, so a recorded conversation
 * replays.
 *
 * <p>Usage adds up over the attempts, whatever the end. {@link CallHandle#cancel()} closes the call in flight and
 * returns all that was spent (again on a later cancel); after it, nothing is reported. Thread-safe.
 *
 * @param <T> the value read from an answer
 */
public final class CorrectingChat<T> implements CallHandle {

    /** Where a correcting chat reports its end (once; never after a cancel). */
    public interface Outcome<T> {
        /** An answer was read as {@code value}; {@code total} is the usage of every attempt. */
        void answered(T value, Usage total);

        /** The last answer ({@code last}) was refused for {@code why}, with no correction left. */
        void refused(IllegalArgumentException why, ChatResponse last, Usage total);

        /**
         * An attempt failed ({@link LlmException} or another error of the model) before it answered, or the read or
         * feedback function failed other than by refusing (another exception, or an {@link Error} such as a parser's
         * {@code StackOverflowError}).
         */
        void failed(Throwable error, Usage total);
    }

    private final ChatModel client;
    private final Function<ChatResponse, T> read;
    private final Function<String, String> feedback;
    private final Outcome<T> outcome;
    private Usage spent = Usage.ZERO;
    private ChatCall current;
    private boolean cancelled;

    private CorrectingChat(ChatModel client, Function<ChatResponse, T> read, Function<String, String> feedback,
                           Outcome<T> outcome) {
        this.client = client;
        this.read = read;
        this.feedback = feedback;
        this.outcome = outcome;
    }

    /**
     * Sends {@code request} and reports to {@code outcome}.
     *
     * @param corrections how many times a refused answer is answered with its feedback (0 = ask once)
     * @param feedback    the user's turn after a refused answer, from the refusal's message
     */
    public static <T> CorrectingChat<T> start(ChatModel client, ChatRequest request, Function<ChatResponse, T> read,
                                              int corrections, Function<String, String> feedback, Outcome<T> outcome) {
        if (corrections < 0) {
            throw new IllegalArgumentException("corrections must be >= 0, got " + corrections);
        }
        CorrectingChat<T> chat = new CorrectingChat<>(Objects.requireNonNull(client, "client"),
                Objects.requireNonNull(read, "read"), Objects.requireNonNull(feedback, "feedback"),
                Objects.requireNonNull(outcome, "outcome"));
        chat.send(request, corrections);
        return chat;
    }

    private void send(ChatRequest request, int correctionsLeft) {
        ChatCall call;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            try {
                call = client.start(request);
            } catch (RuntimeException e) {
                outcome.failed(e, spent);
                return;
            }
            current = call;
        }
        call.response().whenComplete((response, error) -> {
            if (error != null) {
                Throwable cause = LlmCall.failureOf(error);
                if (!(cause instanceof CancellationException)) {
                    Usage total = ended(cause instanceof LlmException llm ? llm.spent() : call.spentSoFar());
                    if (total != null) {
                        report(() -> outcome.failed(cause, total));
                    }
                }
                return;
            }
            Usage total = ended(response.usage());
            if (total == null) {
                return;
            }
            T value;
            try {
                value = read.apply(response);
            } catch (IllegalArgumentException why) {
                if (correctionsLeft == 0) {
                    report(() -> outcome.refused(why, response, total));
                } else {
                    ChatRequest next;
                    try {
                        String reason = why.getMessage() == null ? why.toString() : why.getMessage();
                        next = request.toBuilder().assistant(Objects.toString(response.content(), ""))
                                .user(feedback.apply(reason)).build();
                    } catch (RuntimeException | Error e) {
                        // thrown here, in the answer's completion stage, it would be swallowed and nothing reported
                        report(() -> outcome.failed(e, total));
                        return;
                    }
                    send(next, correctionsLeft - 1);
                }
                return;
            } catch (RuntimeException | Error e) { // an Error too (a parser's stack overflow): swallowed, nothing reported
                report(() -> outcome.failed(e, total));
                return;
            }
            report(() -> outcome.answered(value, total));
        });
    }

    /**
     * Reports the end unless the chat was cancelled meanwhile (while its answer was read): under the lock, so that once
     * {@link #cancel()} has returned nothing is reported.
     */
    private synchronized void report(Runnable end) {
        if (!cancelled) {
            end.run();
        }
    }

    /** Adds an attempt's usage; the total, or null when the chat was cancelled (cancel() counted it). */
    private synchronized Usage ended(Usage usage) {
        if (cancelled) {
            return null;
        }
        current = null;
        spent = spent.plus(usage);
        return spent;
    }

    @Override
    public Usage cancel() {
        ChatCall call;
        synchronized (this) {
            if (cancelled) {
                return spent;
            }
            cancelled = true;
            call = current;
            current = null;
        }
        Usage inFlight = call != null ? call.cancel() : Usage.ZERO;
        synchronized (this) {
            spent = spent.plus(inFlight);
            return spent;
        }
    }
}
