package io.fablestream.analyzer;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * Intake of a 12-megapixel JPEG (4000 x 3000, gradients and noise) to the model-ready image:
 * sniffing, header check, subsampled decode, sRGB conversion, scaling to 1024, EXIF orientation and
 * the JPEG encode. Prints milliseconds per image, median over measured runs after a warm-up, as
 * wall time and as the thread's CPU time (the decoder runs in the calling thread, so CPU time is
 * the figure that stays honest on a machine shared with other work), and, for comparison, a plain
 * full-size {@code ImageIO.read} of the same bytes. Not a test: run it by hand (see
 * docs/analyzer.md).
 */
public final class IntakeBenchmark {
  private static final int WARMUP = 5;
  private static final int RUNS = 15;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private IntakeBenchmark() {}

  public static void main(String[] args) throws Exception {
    byte[] jpeg = TestImages.jpegWithOrientation(TestImages.noisy(4000, 3000, 42), 6, false);
    System.out.printf("input: 4000 x 3000 JPEG (EXIF orientation 6), %,d bytes%n", jpeg.length);
    ImageIntake intake = new ImageIntake(AnalyzerSettings.defaults());

    double[][] intakeMs = measure(() -> check(intake.intake(jpeg)));
    double[][] readMs = measure(() -> ImageIO.read(new ByteArrayInputStream(jpeg)));

    ModelImage image = ((IntakeResult.Ready) intake.intake(jpeg)).image();
    System.out.printf(
        "model image: %d x %d JPEG, %,d bytes%n",
        image.width(), image.height(), image.encoded().length);
    report("intake to model-ready image", intakeMs);
    report("plain ImageIO.read, full size (comparison)", readMs);
  }

  private interface Work {
    Object run() throws Exception;
  }

  private static Object check(IntakeResult result) {
    if (!(result instanceof IntakeResult.Ready)) {
      throw new IllegalStateException("intake refused the benchmark image: " + result);
    }
    return result;
  }

  /** Wall and CPU milliseconds of each run, each sorted. */
  private static double[][] measure(Work work) throws Exception {
    for (int i = 0; i < WARMUP; i++) {
      work.run();
    }
    double[] wall = new double[RUNS];
    double[] cpu = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long cpuStart = THREADS.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      work.run();
      wall[i] = (System.nanoTime() - start) / 1e6;
      cpu[i] = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e6;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    return new double[][] {wall, cpu};
  }

  private static void report(String what, double[][] sorted) {
    double[] wall = sorted[0];
    double[] cpu = sorted[1];
    System.out.printf(
        "%-42s wall median %6.1f ms (min %6.1f, max %6.1f); CPU median %6.1f ms"
            + " (%d runs after %d warm-up)%n",
        what, wall[RUNS / 2], wall[0], wall[RUNS - 1], cpu[RUNS / 2], RUNS, WARMUP);
  }
}
