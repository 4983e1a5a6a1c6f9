package io.fablestream.platform.memory.embed;

/** Vector arithmetic the embedders share. */
final class Vectors {
  private Vectors() {}

  /** A copy of the vector at unit length; the zero vector as it is. */
  static float[] unit(float[] vector) {
    double sum = 0;
    for (float x : vector) {
      sum += (double) x * x;
    }
    float[] out = vector.clone();
    if (sum == 0) {
      return out;
    }
    double norm = Math.sqrt(sum);
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (out[i] / norm);
    }
    return out;
  }
}
