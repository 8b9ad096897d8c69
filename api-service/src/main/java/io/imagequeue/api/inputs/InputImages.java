package io.imagequeue.api.inputs;

import jakarta.enterprise.context.ApplicationScoped;
import io.imagequeue.model.catalog.Dimensions;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a request's image sources into stored, checked inputs: read or fetch each one, inspect it by
 * content, then store it. Nothing is stored unless every image (and the mask) passed, so a refused
 * request leaves no objects behind. Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class InputImages {

    private final ImageInspector inspector;
    private final SafeImageFetcher fetcher;
    private final InputImageStore store;

    public InputImages(ImageInspector inspector, SafeImageFetcher fetcher, InputImageStore store) {
        this.inspector = inspector;
        this.fetcher = fetcher;
        this.store = store;
    }

    /**
     * @param mask null when the request has none
     */
    public PreparedInputs prepare(String tenantId, String taskId, List<ImageSource> images, ImageSource mask) {
        List<InspectedImage> checked = new ArrayList<>(images.size());
        for (ImageSource source : images) {
            checked.add(inspector.inspect(bytesOf(source), source.param()));
        }
        InspectedImage checkedMask = mask == null ? null : inspector.inspect(bytesOf(mask), mask.param());
        if (checkedMask != null && !checked.isEmpty()) {
            InspectedImage first = checked.get(0);
            if (first.width() != checkedMask.width() || first.height() != checkedMask.height()) {
                throw InputImageException.invalid(mask.param(), "invalid_mask", "The mask is " + checkedMask.width()
                        + "x" + checkedMask.height() + " but the image is " + first.width() + "x" + first.height()
                        + "; they must have the same dimensions.");
            }
        }
        List<String> keys = new ArrayList<>(checked.size());
        try {
            for (int i = 0; i < checked.size(); i++) {
                keys.add(store.putInput(tenantId, taskId, i, checked.get(i)));
            }
            String maskKey = checkedMask == null ? null : store.putMask(tenantId, taskId, checkedMask);
            return new PreparedInputs(keys, checked.stream().map(i -> new Dimensions(i.width(), i.height())).toList(), maskKey);
        } catch (RuntimeException e) {
            store.deleteQuietly(keys);
            throw e;
        }
    }

    private byte[] bytesOf(ImageSource source) {
        return switch (source) {
            case ImageSource.Upload upload -> upload.bytes();
            case ImageSource.Encoded encoded -> Base64Images.decode(encoded.text(), encoded.param(), inspector.maxBytes());
            case ImageSource.Link link -> fetcher.fetch(link.url(), link.param());
        };
    }
}
