package io.imagequeue.worker.providers;

/**
 * The codes a {@link ProviderFailure} carries, shared by every adapter so that a task's error code
 * means the same thing whichever provider served it.
 */
public final class FailureCodes {

    /** The provider's moderation refused the prompt, an input image or the output. Never retried. */
    public static final String CONTENT_MODERATED = "content_moderated";
    /** The account behind the gateway's key has no credits or quota left; waiting will not help soon. */
    public static final String QUOTA_EXHAUSTED = "provider_quota_exhausted";
    /** The provider refused the gateway's credentials. */
    public static final String AUTH_FAILED = "provider_auth_failed";
    /** The provider judged the request invalid; the same request will fail again. */
    public static final String REJECTED_REQUEST = "provider_rejected_request";
    /** The model or checkpoint the catalog names is not available at the provider. */
    public static final String MODEL_UNAVAILABLE = "provider_model_unavailable";
    /** 5xx or 408: the provider could not serve the call right now. */
    public static final String UNAVAILABLE = "provider_unavailable";
    /** The provider answered 200 with a body the adapter cannot read. */
    public static final String BAD_RESPONSE = "provider_bad_response";
    /** A result URL could not be downloaded (expired, refused, not an image). */
    public static final String RESULT_UNAVAILABLE = "provider_result_unavailable";
    /** An asynchronous task did not finish within the provider's task timeout. */
    public static final String TIMEOUT = "provider_timeout";
    /** An asynchronous task ended in the provider's own failed state for a reason other than moderation. */
    public static final String GENERATION_FAILED = "provider_generation_failed";
    /** The provider no longer knows a task it accepted. */
    public static final String TASK_LOST = "provider_task_lost";

    private FailureCodes() {
    }
}
