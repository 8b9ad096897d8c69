package io.imagequeue.simulator.automatic1111;

import io.imagequeue.simulator.http.Json;

import java.util.List;
import java.util.Map;

/** A model checkpoint as {@code GET /sdapi/v1/sd-models} lists it. */
record Checkpoint(String title, String modelName, String hash, String sha256, String filename) {

    /**
     * The checkpoints the simulated server has installed: three common public ones, and the three
     * the gateway's catalog offers (a real deployment installs those on its A1111 servers). The
     * catalog's hashes are made up for the simulator.
     */
    static final List<Checkpoint> DEFAULTS = List.of(
            new Checkpoint("sd_xl_base_1.0.safetensors [31e35c80fc]", "sd_xl_base_1.0", "31e35c80fc",
                    "31e35c80fc4829d14f90153f4c74cd59c90b779f6afe05a74cd6120b893f7e5b",
                    "/models/Stable-diffusion/sd_xl_base_1.0.safetensors"),
            new Checkpoint("v1-5-pruned-emaonly.safetensors [6ce0161689]", "v1-5-pruned-emaonly", "6ce0161689",
                    "6ce0161689b3853acaa03779ec93eafe75a02f4ced659bee03f50797806fa2fa",
                    "/models/Stable-diffusion/v1-5-pruned-emaonly.safetensors"),
            new Checkpoint("dreamshaper_8.safetensors [879db523c3]", "dreamshaper_8", "879db523c3",
                    "879db523c30d3b9017143d56705015e15a2cb5628762c11d086fed9538abd7fd",
                    "/models/Stable-diffusion/dreamshaper_8.safetensors"),
            installed("Realistic_Vision_V5.1", "a0f13c83a9"),
            installed("illustriousRealismBy_v10VAE", "5d4b2e1c77"),
            installed("stable-diffusion-v1-5-pruned", "1a2b3c4d5e"));

    private static Checkpoint installed(String modelName, String hash) {
        return new Checkpoint(modelName + ".safetensors [" + hash + "]", modelName, hash,
                hash + "0".repeat(64 - hash.length()), "/models/Stable-diffusion/" + modelName + ".safetensors");
    }

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
