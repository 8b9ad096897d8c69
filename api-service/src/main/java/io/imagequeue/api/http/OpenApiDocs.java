package io.imagequeue.api.http;

/** Example bodies shared by the OpenAPI annotations of several resources, so each is written once. */
public final class OpenApiDocs {

    /** The webhook fields every generation route takes, for the routes' descriptions. */
    public static final String WEBHOOK_FIELDS = """

            `webhook_url` (an absolute http(s) URL on a public address) and `webhook_events` (any of
            `started`, `succeeded`, `failed`, `canceled`; default the last three): the task's events are
            pushed there as `{"type": "task.<event>", "timestamp", "data": <the task object>}`, signed per
            Standard Webhooks with the tenant's secret (`GET /v2/webhooks/secret`); see
            `GET /v2/tasks/{task_address}/webhooks` for the deliveries.""";

    public static final String ACCEPTED = """
            {"task_address": "tsk_5mQ0c8pX2vLr7Hq1Zt9WbA", "status": "queued",
             "status_url": "/v2/tasks/tsk_5mQ0c8pX2vLr7Hq1Zt9WbA", "created_at": 1716151540}""";

    public static final String INVALID_SIZE = """
            {"error": {"message": "Invalid image size '2048x2048'. Allowed sizes: 1024x1024, 1024x1792, 1792x1024",
                       "type": "invalid_request_error", "param": "size", "code": "invalid_size"}}""";

    public static final String MODEL_NOT_FOUND = """
            {"error": {"message": "The model 'dall-e-9' does not exist", "type": "not_found_error",
                       "param": "model", "code": "model_not_found"}}""";

    public static final String TOO_LARGE = """
            {"error": {"message": "The request body is 70000000 bytes; this endpoint takes at most 62914560 bytes.",
                       "type": "invalid_request_error", "param": null, "code": "request_too_large"}}""";

    public static final String UNSUPPORTED_IMAGE = """
            {"error": {"message": "The image in 'image' is not PNG, JPEG or WebP (checked by content).",
                       "type": "invalid_request_error", "param": "image", "code": "unsupported_image_format"}}""";

    public static final String TIMEOUT = """
            {"error": {"message": "The task did not finish within the synchronous wait; poll its status_url.",
                       "type": "timeout_error", "param": null, "code": "task_still_running"},
             "task_address": "tsk_5mQ0c8pX2vLr7Hq1Zt9WbA", "status_url": "/v2/tasks/tsk_5mQ0c8pX2vLr7Hq1Zt9WbA"}""";

    public static final String BASE64_IMAGES = """
            {"images": ["iVBORw0KGgoAAAANSUhEUgAA..."]}""";

    public static final String URL_IMAGES = """
            {"images": ["https://store.example.com/imagequeue/tenants/t1/tasks/tsk_.../output-a1-0.png?X-Amz-Signature=..."]}""";

    public static final String URLS = """
            {"urls": ["https://store.example.com/imagequeue/tenants/t1/tasks/tsk_.../output-a1-0.png?X-Amz-Signature=..."]}""";

    public static final String OPENAI_IMAGES = """
            {"created": 1716151549,
             "data": [{"url": "https://store.example.com/imagequeue/tenants/t1/tasks/tsk_.../output-a1-0.png?X-Amz-Signature=...",
                       "revised_prompt": "A detailed rendering of a lighthouse at dawn"}]}""";

    private OpenApiDocs() {
    }
}
