package io.imagequeue.model.task;

/** The body a finished task answers with: each endpoint family has its own. */
public enum ResultShape {
    /** {@code {"images": [base64, …]}}: txt2img, flux, gemini-3. */
    BASE64_IMAGES,
    /** {@code {"images": [url, …]}}: gpt-image. */
    URL_IMAGES,
    /** {@code {"urls": [url, …]}}: qwen. */
    URLS,
    /** {@code {"created": …, "data": [{"url" | "b64_json", "revised_prompt"}]}}: the OpenAI-compatible /v1 routes. */
    OPENAI
}
