package io.fablestream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.ImageRef;
import io.fablestream.schemas.FailureReason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageIntakeTest {
  private final ImageIntake intake = new ImageIntake(AnalyzerSettings.defaults());

  @ParameterizedTest
  @CsvSource({"astronaut.png, 512, 512", "chelsea.png, 451, 300", "motorcycle_left.png, 741, 500"})
  void samplePhotosBecomeJpegsOfTheirOwnSize(String name, int width, int height) {
    byte[] png = TestImages.sample(name);

    ModelImage image = ready(intake.intake(inline(png, "image/png")));

    assertThat(image.source()).isEqualTo(ImageFormat.PNG);
    assertThat(image.sourceBytes()).isEqualTo(png.length);
    assertThat(image.sourceWidth()).isEqualTo(width);
    assertThat(image.sourceHeight()).isEqualTo(height);
    BufferedImage decoded = decode(image);
    assertThat(decoded.getWidth()).isEqualTo(width).isEqualTo(image.width());
    assertThat(decoded.getHeight()).isEqualTo(height).isEqualTo(image.height());
    assertThat(image.encoded()).startsWith(0xff, 0xd8, 0xff);
  }

  @Test
  void largeImagesAreScaledSoTheLongestSideFits() {
    ImageIntake small = new ImageIntake(withMaxSide(256));

    ModelImage image = ready(small.intake(TestImages.sample("motorcycle_left.png")));

    assertThat(image.width()).isEqualTo(256);
    assertThat(image.height()).isEqualTo(173); // 500 * 256 / 741, rounded
    assertThat(decode(image).getWidth()).isEqualTo(256);
  }

  @Test
  void truncatedJpegIsUnreadable() {
    IntakeResult.Refused refused =
        refused(intake.intake(inline(TestImages.sample("truncated.jpg"), "image/jpeg")));

    assertThat(refused.reason()).isEqualTo(FailureReason.IMAGE_UNREADABLE);
    assertThat(refused.message()).contains("JPEG image cannot be read");
  }

  @Test
  void zeroBytesAreUnreadable() {
    IntakeResult.Refused refused = refused(intake.intake(inline(new byte[0], "image/png")));

    assertThat(refused.reason()).isEqualTo(FailureReason.IMAGE_UNREADABLE);
    assertThat(refused.message()).contains("empty (0 bytes)");
  }

  @Test
  void textDeclaredAsPngIsUnreadableWhateverTheContentTypeSays() {
    byte[] text = "hello, this is not a picture".getBytes(StandardCharsets.UTF_8);

    IntakeResult.Refused refused = refused(intake.intake(inline(text, "image/png")));

    assertThat(refused.reason()).isEqualTo(FailureReason.IMAGE_UNREADABLE);
    assertThat(refused.message()).contains("68 65 6C 6C 6F").contains("not an image");
  }

  @Test
  void pngClaimingTenGigapixelsIsRefusedFromItsHeaderWithoutDecoding() {
    // The file has no pixel data: decoding would fail as unreadable, so TOO_LARGE proves the
    // header alone decided.
    byte[] bomb = TestImages.pngHeaderClaiming(100_000, 100_000);

    IntakeResult.Refused refused = refused(intake.intake(inline(bomb, "image/png")));

    assertThat(refused.reason()).isEqualTo(FailureReason.IMAGE_TOO_LARGE);
    assertThat(refused.message()).contains("100000 x 100000").contains("analyzer.max.pixels");
  }

  @Test
  void imageOverTheByteLimitIsTooLarge() {
    AnalyzerSettings tiny = settings("analyzer.max.image.bytes", "1000");

    IntakeResult.Refused refused =
        refused(new ImageIntake(tiny).intake(TestImages.sample("chelsea.png")));

    assertThat(refused.reason()).isEqualTo(FailureReason.IMAGE_TOO_LARGE);
    assertThat(refused.message()).contains("1000 bytes");
  }

  @Test
  void byteLimitStopsReadingAnEndlessStream() {
    java.io.InputStream endless =
        new java.io.InputStream() {
          @Override
          public int read() {
            return 0;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            return len;
          }
        };

    IntakeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IntakeException.class, () -> new ByteLimit(1_000_000).read(endless, "The stream"));

    assertThat(e.reason()).isEqualTo(FailureReason.IMAGE_TOO_LARGE);
  }

  @Test
  void gifIsRead() {
    ModelImage image = ready(intake.intake(TestImages.encode(TestImages.marked(80, 40), "gif")));

    assertThat(image.source()).isEqualTo(ImageFormat.GIF);
    assertThat(decode(image).getWidth()).isEqualTo(80);
  }

  @Test
  void bmpAndTiffAreRead() {
    BufferedImage picture = TestImages.marked(40, 30);

    assertThat(ready(intake.intake(TestImages.encode(picture, "bmp"))).source())
        .isEqualTo(ImageFormat.BMP);
    assertThat(ready(intake.intake(TestImages.encode(picture, "tiff"))).source())
        .isEqualTo(ImageFormat.TIFF);
  }

  @Test
  void sixteenBitPngBecomesEightBitRgbWithItsTonesKept() {
    ModelImage image = ready(intake.intake(TestImages.png16(256, 16)));

    BufferedImage decoded = decode(image);
    assertThat(brightness(decoded.getRGB(2, 8))).isLessThan(20);
    assertThat(brightness(decoded.getRGB(253, 8))).isGreaterThan(235);
    assertThat(brightness(decoded.getRGB(128, 8))).isBetween(100, 155);
  }

  @Test
  void cmykJpegBecomesRgbOfTheSameColour() {
    ModelImage image = ready(intake.intake(TestImages.cmykJpegOfCyan(64, 48)));

    int rgb = decode(image).getRGB(32, 24);
    int red = rgb >> 16 & 0xff;
    int green = rgb >> 8 & 0xff;
    int blue = rgb & 0xff;
    assertThat(red).as("red of cyan").isLessThan(100);
    assertThat(green).as("green of cyan").isGreaterThan(130);
    assertThat(blue).as("blue of cyan").isGreaterThan(200);
  }

  @Test
  void transparentPngIsCompositedOnWhite() {
    ModelImage image = ready(intake.intake(TestImages.transparentPng(32, 32)));

    BufferedImage decoded = decode(image);
    assertThat(brightness(decoded.getRGB(20, 20))).isGreaterThan(245);
    assertThat(decoded.getColorModel().hasAlpha()).isFalse();
  }

  @Test
  void jpegWithExifOrientationSixIsTurnedUpright() {
    // Stored 200 x 100 with the red mark top-left; orientation 6 says "turn 90 degrees clockwise".
    byte[] jpeg = TestImages.jpegWithOrientation(TestImages.marked(200, 100), 6, false);

    ModelImage image = ready(intake.intake(jpeg));

    assertThat(image.width()).isEqualTo(100);
    assertThat(image.height()).isEqualTo(200);
    BufferedImage decoded = decode(image);
    assertThat(isRed(decoded.getRGB(90, 10))).as("mark now top-right").isTrue();
    assertThat(isRed(decoded.getRGB(10, 10))).as("top-left no longer marked").isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "1, 200, 100, 10, 10",
    "2, 200, 100, 190, 10",
    "3, 200, 100, 190, 90",
    "4, 200, 100, 10, 90",
    "5, 100, 200, 10, 10",
    "6, 100, 200, 90, 10",
    "7, 100, 200, 90, 190",
    "8, 100, 200, 10, 190"
  })
  void everyExifOrientationMovesTheMarkWhereAViewerShowsIt(
      int orientation, int width, int height, int markX, int markY) {
    byte[] jpeg = TestImages.jpegWithOrientation(TestImages.marked(200, 100), orientation, true);

    BufferedImage decoded = decode(ready(intake.intake(jpeg)));

    assertThat(decoded.getWidth()).isEqualTo(width);
    assertThat(decoded.getHeight()).isEqualTo(height);
    assertThat(isRed(decoded.getRGB(markX, markY))).isTrue();
  }

  @Test
  void tiffWithOrientationSixIsTurnedUpright() {
    byte[] tiff = TestImages.tiffWithOrientation(TestImages.marked(200, 100), 6);

    BufferedImage decoded = decode(ready(intake.intake(tiff)));

    assertThat(decoded.getWidth()).isEqualTo(100);
    assertThat(decoded.getHeight()).isEqualTo(200);
    assertThat(isRed(decoded.getRGB(90, 10))).as("mark now top-right").isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "its first directory lies past the end, 49492A00FFFFFF00",
    "it claims 65535 entries in a few bytes, 49492A0008000000FFFF",
    "it is not TIFF at all, 4E4F544154494646",
    "it is empty,"
  })
  void jpegWhoseExifIsDamagedIsReadUnturned(String damage, String tiffHex) {
    byte[] tiff = tiffHex == null ? new byte[0] : java.util.HexFormat.of().parseHex(tiffHex);
    byte[] jpeg = TestImages.jpegWithExif(TestImages.marked(200, 100), tiff);

    BufferedImage decoded = decode(ready(intake.intake(jpeg)));

    assertThat(decoded.getWidth()).as(damage).isEqualTo(200);
    assertThat(decoded.getHeight()).as(damage).isEqualTo(100);
    assertThat(isRed(decoded.getRGB(10, 10))).as(damage).isTrue();
  }

  @Test
  void exifDirectoriesThatLinkInALoopAreReadOnce() {
    // IFD0 (orientation 6) names itself as the next directory: a reader that follows the chain
    // naively never ends.
    ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
    tiff.putShort((short) 1);
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 6);
    tiff.putShort((short) 0);
    tiff.putInt(8);
    byte[] jpeg = TestImages.jpegWithExif(TestImages.marked(200, 100), tiff.array());

    BufferedImage decoded = decode(ready(intake.intake(jpeg)));

    assertThat(decoded.getWidth()).isEqualTo(100);
    assertThat(decoded.getHeight()).isEqualTo(200);
  }

  @Test
  void heicIsRecognisedButUnsupported() {
    byte[] heic = new byte[32];
    System.arraycopy("ftypheic".getBytes(StandardCharsets.US_ASCII), 0, heic, 4, 8);

    IntakeResult.Refused refused = refused(intake.intake(heic));

    assertThat(refused.reason()).isEqualTo(FailureReason.IMAGE_UNSUPPORTED);
    assertThat(refused.message()).contains("HEIC");
  }

  @Test
  void fileUriUnderTheBaseDirectoryIsRead(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("cat.png"), TestImages.sample("chelsea.png"));
    ImageIntake files = new ImageIntake(AnalyzerSettings.defaults().withFileBaseDir(dir));

    ModelImage image = ready(files.intake(byUri(file.toUri().toString())));

    assertThat(image.sourceWidth()).isEqualTo(451);
  }

  @Test
  void fileUriOutsideTheBaseDirectoryIsRejected(@TempDir Path dir) throws IOException {
    Path base = Files.createDirectory(dir.resolve("images"));
    Path secret = Files.write(dir.resolve("secret.png"), TestImages.sample("chelsea.png"));
    ImageIntake files = new ImageIntake(AnalyzerSettings.defaults().withFileBaseDir(base));

    IntakeResult.Refused direct = refused(files.intake(byUri(secret.toUri().toString())));
    IntakeResult.Refused climbing = refused(files.intake(byUri(base.toUri() + "../secret.png")));
    IntakeResult.Refused passwd = refused(files.intake(byUri("file:///etc/passwd")));

    assertThat(direct.reason()).isEqualTo(FailureReason.IMAGE_URI_REJECTED);
    assertThat(climbing.reason()).isEqualTo(FailureReason.IMAGE_URI_REJECTED);
    assertThat(passwd.reason()).isEqualTo(FailureReason.IMAGE_URI_REJECTED);
    assertThat(direct.message()).contains("outside the image directory");
  }

  @Test
  void symlinkInsideTheBaseDirectoryThatEscapesItIsRejected(@TempDir Path dir) throws IOException {
    Path base = Files.createDirectory(dir.resolve("images"));
    Path secret = Files.write(dir.resolve("secret.png"), TestImages.sample("chelsea.png"));
    Path link = Files.createSymbolicLink(base.resolve("innocent.png"), secret);
    ImageIntake files = new ImageIntake(AnalyzerSettings.defaults().withFileBaseDir(base));

    IntakeResult.Refused refused = refused(files.intake(byUri(link.toUri().toString())));

    assertThat(refused.reason()).isEqualTo(FailureReason.IMAGE_URI_REJECTED);
  }

  @Test
  void fileUrisAreRefusedWhenNoBaseDirectoryIsConfigured() {
    IntakeResult.Refused refused = refused(intake.intake(byUri("file:///tmp/cat.png")));

    assertThat(refused.reason()).isEqualTo(FailureReason.IMAGE_URI_REJECTED);
    assertThat(refused.message()).contains("analyzer.file.base.dir");
  }

  @Test
  void missingFileUnderTheBaseDirectoryIsUnreachable(@TempDir Path dir) {
    ImageIntake files = new ImageIntake(AnalyzerSettings.defaults().withFileBaseDir(dir));

    IntakeResult.Refused refused =
        refused(files.intake(byUri(dir.resolve("nope.png").toUri().toString())));

    assertThat(refused.reason()).isEqualTo(FailureReason.IMAGE_URI_UNREACHABLE);
  }

  @Test
  void httpUriToAHostNotAllowedIsRejectedWithoutConnecting() {
    IntakeResult.Refused none = refused(intake.intake(byUri("http://example.com/cat.png")));
    ImageIntake someHosts =
        new ImageIntake(
            AnalyzerSettings.defaults()
                .withAllowedHosts(java.util.Set.of("images.example"), false));
    IntakeResult.Refused other = refused(someHosts.intake(byUri("https://evil.example/cat.png")));

    assertThat(none.reason()).isEqualTo(FailureReason.IMAGE_URI_REJECTED);
    assertThat(none.message()).contains("analyzer.http.allowed.hosts");
    assertThat(other.reason()).isEqualTo(FailureReason.IMAGE_URI_REJECTED);
    assertThat(other.message()).contains("images.example");
  }

  @Test
  void otherSchemesAreRejected() {
    IntakeResult.Refused refused = refused(intake.intake(byUri("ftp://example.com/cat.png")));

    assertThat(refused.reason()).isEqualTo(FailureReason.IMAGE_URI_REJECTED);
  }

  static ImageRef inline(byte[] data, String contentType) {
    return ImageRef.newBuilder()
        .setContentType(contentType)
        .setData(ByteBuffer.wrap(data))
        .setUri(null)
        .build();
  }

  static ImageRef byUri(String uri) {
    return ImageRef.newBuilder().setContentType("image/png").setData(null).setUri(uri).build();
  }

  static ModelImage ready(IntakeResult result) {
    assertThat(result).isInstanceOf(IntakeResult.Ready.class);
    return ((IntakeResult.Ready) result).image();
  }

  static IntakeResult.Refused refused(IntakeResult result) {
    assertThat(result).isInstanceOf(IntakeResult.Refused.class);
    return (IntakeResult.Refused) result;
  }

  static BufferedImage decode(ModelImage image) {
    try {
      return ImageIO.read(new ByteArrayInputStream(image.encoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static AnalyzerSettings withMaxSide(int side) {
    return settings("analyzer.max.side", String.valueOf(side));
  }

  private static AnalyzerSettings settings(String key, String value) {
    return AnalyzerSettings.from(
        io.fablestream.platform.config.Config.of(java.util.Map.of(key, value)));
  }

  private static int brightness(int rgb) {
    return ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3;
  }

  private static boolean isRed(int rgb) {
    return (rgb >> 16 & 0xff) > 200 && (rgb >> 8 & 0xff) < 60 && (rgb & 0xff) < 60;
  }
}
