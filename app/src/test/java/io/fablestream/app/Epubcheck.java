package io.fablestream.app;

import com.adobe.epubcheck.api.EPUBLocation;
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.api.MasterReport;
import com.adobe.epubcheck.messages.Message;
import com.adobe.epubcheck.messages.Severity;
import com.adobe.epubcheck.util.FeatureEnum;
import com.adobe.epubcheck.util.ReportingLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The W3C's EPUB validator, epubcheck, run on an EPUB's bytes through its Java API, with every
 * message it gives kept to be read and asserted on.
 */
final class Epubcheck {
  private Epubcheck() {}

  /** One message: its severity, its id (such as {@code RSC-005}), where and what. */
  record Finding(Severity severity, String id, String where, String text) {
    boolean isProblem() {
      return severity == Severity.WARNING
          || severity == Severity.ERROR
          || severity == Severity.FATAL;
    }

    @Override
    public String toString() {
      return severity + " " + id + " " + where + ": " + text;
    }
  }

  /** Every message epubcheck has on the file, from usage hints up. */
  static List<Finding> check(byte[] epub) {
    try {
      Path file = Files.createTempFile("fablestream-", ".epub");
      try {
        Files.write(file, epub);
        CollectingReport report = new CollectingReport();
        EpubCheck check = new EpubCheck(file.toFile(), report);
        check.setLocale(Locale.ENGLISH);
        check.check();
        return report.findings;
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The warnings, errors and fatal errors epubcheck finds in the file. */
  static List<Finding> problems(byte[] epub) {
    return check(epub).stream().filter(Finding::isProblem).toList();
  }

  private static final class CollectingReport extends MasterReport {
    final List<Finding> findings = new ArrayList<>();

    CollectingReport() {
      setReportingLevel(ReportingLevel.Usage);
    }

    @Override
    public void message(Message message, EPUBLocation location, Object... args) {
      findings.add(
          new Finding(
              message.getSeverity(),
              message.getID().toString(),
              location == null ? "" : location.toString(),
              message.getMessage(args)));
    }

    @Override
    public void info(String resource, FeatureEnum feature, String value) {}

    @Override
    public int generate() {
      return 0;
    }

    @Override
    public void initialize() {}
  }
}
