package org.orrery.agents.codegen.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.orrery.agent.Agent;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskException;
import org.orrery.task.TaskParameterException;

/**
 * The codegen agent: {@code code_analysis} always, {@code code_generation} and {@code code_review}
 * only with a language model configured. Analyses run on the agent's own threads; a model's
 * answer is awaited without a thread, and cancelling the task aborts the request.
 */
final class CodegenAgent implements Agent {

    static final String TYPE = "codegen";
    static final String CODE_ANALYSIS = "code_analysis";
    static final String CODE_GENERATION = "code_generation";
    static final String CODE_REVIEW = "code_review";

    private final String id;
    private final int concurrency;
    private final CodeAnalysis analysis;
    private final Executor analysisThreads;
    private final Optional<ChatClient> chat;
    private final Prompts prompts;

    CodegenAgent(String id, int concurrency, CodeAnalysis analysis, Executor analysisThreads, Optional<ChatClient> chat,
            Prompts prompts) {
        this.id = id;
        this.concurrency = concurrency;
        this.analysis = analysis;
        this.analysisThreads = analysisThreads;
        this.chat = chat;
        this.prompts = prompts;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> capabilities() {
        Set<String> capabilities = new LinkedHashSet<>(List.of(CODE_ANALYSIS));
        if (chat.isPresent()) {
            capabilities.addAll(List.of(CODE_GENERATION, CODE_REVIEW));
        }
        return capabilities;
    }

    @Override
    public int concurrency() {
        return concurrency;
    }

    /** Checks at submission what can be checked without the disk: a folder or file may be made by an earlier task. */
    @Override
    public void validate(String taskType, Map<String, Object> parameters) throws TaskParameterException {
        switch (known(taskType)) {
            case CODE_ANALYSIS -> analysis.check(parameters);
            case CODE_GENERATION -> prompts.generation(parameters);
            default -> prompts.checkReview(parameters);
        }
    }

    /** Analysis reads files only; a model call changes nothing here (it may cost tokens again). */
    @Override
    public boolean safeToRerun(String taskType) {
        return capabilities().contains(taskType);
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(ActionContext context) throws TaskException {
        String taskType = known(context.task().action());
        if (taskType.equals(CODE_ANALYSIS)) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return analysis.run(context);
                } catch (TaskException e) {
                    throw new CompletionException(e);
                }
            }, analysisThreads);
        }
        List<ChatClient.Message> messages = taskType.equals(CODE_GENERATION) ? prompts.generation(context.parameters())
                : prompts.review(context.parameters());
        CompletableFuture<ChatReply> reply = chat.get().complete(messages);
        context.cancellation().thenAccept(reply::completeExceptionally);
        return reply.thenApply(r -> {
            context.log().info("the language model " + r.model() + " answered (" + r.finishReason() + "), usage " + r.usage());
            return r.toResult();
        });
    }

    private String known(String taskType) throws TaskParameterException {
        if (taskType != null && capabilities().contains(taskType)) {
            return taskType;
        }
        throw new TaskParameterException("task_type: expected one of " + capabilities() + " (the codegen agent '" + id
                + "'), found " + Params.describe(taskType));
    }
}
