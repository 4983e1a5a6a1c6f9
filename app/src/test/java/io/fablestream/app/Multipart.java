package io.fablestream.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** A multipart/form-data POST as {@code curl -F image=@file -F name=value} sends it. */
final class Multipart {
  private Multipart() {}

  static HttpRequest post(URI uri, String fileName, byte[] image, Map<String, String> fields)
      throws IOException {
    return post(uri, java.util.List.of(Map.entry(fileName, image)), fields);
  }

  /** The pictures of an album, each in its own {@code image} field, in order. */
  static HttpRequest post(
      URI uri, java.util.List<Map.Entry<String, byte[]>> images, Map<String, String> fields)
      throws IOException {
    String boundary = "fablestream-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, String> field : fields.entrySet()) {
      body.write(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + field.getKey()
                  + "\"\r\n\r\n"
                  + field.getValue()
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    for (Map.Entry<String, byte[]> image : images) {
      body.write(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\""
                  + image.getKey()
                  + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      body.write(image.getValue());
      body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(uri)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
        .build();
  }
}
