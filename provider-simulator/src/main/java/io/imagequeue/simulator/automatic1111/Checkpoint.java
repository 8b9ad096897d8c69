package io.imagequeue.simulator.automatic1111;

import io.imagequeue.simulator.http.Json;

import java.util.List;
import java.util.Map;

/** A model checkpoint as {@code GET /sdapi/v1/sd-models} lists it. */
record Checkpoint(String title, String modelName, String hash, String sha256, String filename) {

    static final List<Checkpoint> DEFAULTS = List.of(
            new Checkpoint("sd_xl_base_1.0.safetensors [31e35c80fc]", "sd_xl_base_1.0", "31e35c80fc",
                    "31e35c80fc4829d14f90153f4c74cd59c90b779f6afe05a74cd6120b893f7e5b",
                    "/models/Stable-diffusion/sd_xl_base_1.0.safetensors"),
            new Checkpoint("v1-5-pruned-emaonly.safetensors [6ce0161689]", "v1-5-pruned-emaonly", "6ce0161689",
                    "6ce0161689b3853acaa03779ec93eafe75a02f4ced659bee03f50797806fa2fa",
                    "/models/Stable-diffusion/v1-5-pruned-emaonly.safetensors"),
            new Checkpoint("dreamshaper_8.safetensors [879db523c3]", "dreamshaper_8", "879db523c3",
                    "879db523c30d3b9017143d56705015e15a2cb5628762c11d086fed9538abd7fd",
                    "/models/Stable-diffusion/dreamshaper_8.safetensors"));

    /** A1111 matches a checkpoint by title, name, file name or hash. */
    boolean matches(String name) {
        return name.equals(title) || name.equals(modelName) || name.equals(hash)
                || name.equals(modelName + ".safetensors") || filename.endsWith("/" + name);
    }

    Map<String, Object> toJson() {
        return Json.obj("title", title, "model_name", modelName, "hash", hash, "sha256", sha256,
                "filename", filename, "config", null);
    }
}
