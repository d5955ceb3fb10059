package dev.specagent.llm.client;

/**
 * A chat completion in flight ({@link ChatClient#start}): an {@link LlmCall} whose {@link #cancel()} also charges the
 * generated tokens received so far (one per streamed chunk) and whose server stops generating when it sees the
 * disconnect.
 */
public interface ChatCall extends LlmCall<ChatResponse> {
}
