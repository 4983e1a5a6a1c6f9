package io.fablestream.platform.model.image;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One drawing an image server's test double was asked for, as it read it.
 *
 * @param path the URL path ({@code /v1/images/generations}, {@code /sdapi/v1/txt2img})
 * @param prompt the prompt
 * @param seed the seed sent, or null where the API has none or none was sent
 * @param width the width asked, or 0 when none was
 * @param height the height asked, or 0 when none was
 * @param model the model asked, or null for the server's own
 * @param reference whether a reference picture came with it (image-to-image)
 * @param authorization the Authorization header, or null
 * @param body the request's JSON as it came
 */
public record Drawing(
    String path,
    String prompt,
    Long seed,
    int width,
    int height,
    String model,
    boolean reference,
    String authorization,
    JsonNode body) {}
