package io.fablestream.analyzer;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads the EXIF orientation tag of a JPEG's APP1 Exif segment or of a TIFF file's first directory,
 * with TwelveMonkeys' imageio-metadata (its JPEG segment reader and TIFF directory reader, the ones
 * its own JPEG and TIFF plugins use). It reads metadata only, never pixels, and any damage reads as
 * "no rotation" rather than an error: a picture shown unturned beats a book refused.
 */
final class ExifOrientation {
  /** The picture is stored upright. */
  static final int NORMAL = 1;

  private ExifOrientation() {}

  /** The orientation (1 to 8) the image's metadata gives, or {@link #NORMAL}. */
  static int of(ImageFormat format, byte[] data) {
    try {
      return switch (format) {
        case JPEG -> ofJpeg(data);
        case TIFF -> ofTiff(new ByteArrayImageInputStream(data));
        default -> NORMAL;
      };
    } catch (IOException | RuntimeException e) {
      return NORMAL;
    }
  }

  private static int ofJpeg(byte[] data) throws IOException {
    List<JPEGSegment> exif;
    try (ImageInputStream in = new ByteArrayImageInputStream(data)) {
      exif = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
    }
    if (exif.isEmpty()) {
      return NORMAL;
    }
    // The segment's data starts after "Exif\0"; one more pad byte comes before the TIFF header.
    try (InputStream body = exif.get(0).data()) {
      if (body.read() == -1) {
        return NORMAL;
      }
      return ofTiff(new ByteArrayImageInputStream(body.readAllBytes()));
    }
  }

  private static int ofTiff(ImageInputStream tiff) throws IOException {
    try (tiff) {
      Directory directories = new TIFFReader().read(tiff);
      // IFD0 describes the main image; IFD1 (a thumbnail) may carry an orientation of its own.
      Directory ifd0 =
          directories instanceof CompoundDirectory compound && compound.directoryCount() > 0
              ? compound.getDirectory(0)
              : directories;
      Entry entry = ifd0.getEntryById(TIFF.TAG_ORIENTATION);
      if (entry == null || !(entry.getValue() instanceof Number value)) {
        return NORMAL;
      }
      int orientation = value.intValue();
      return orientation >= 1 && orientation <= 8 ? orientation : NORMAL;
    }
  }
}
