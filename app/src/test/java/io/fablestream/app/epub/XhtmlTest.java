package io.fablestream.app.epub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XhtmlTest {
  @Test
  void markupLikeCharactersAreEscapedInTextAndInAttributes() {
    assertThat(Xhtml.text("<b>Tom & \"Jerry\"</b> ]]>"))
        .isEqualTo("&lt;b&gt;Tom &amp; \"Jerry\"&lt;/b&gt; ]]&gt;");
    assertThat(Xhtml.attribute("a \"quoted\" <alt> & 'more'"))
        .isEqualTo("a &quot;quoted&quot; &lt;alt&gt; &amp; 'more'");
  }

  @Test
  void charactersXmlForbidsAreDroppedAndLineBreaksOfEveryKindBecomeNewlines() {
    assertThat(
            Xhtml.clean("a\u0000b\u0008c\u001fd\u007fe\u0090f\ud800g\udc00h\ufffei\uffffj\ufdd0k"))
        .isEqualTo("abcdefghijk");
    assertThat(Xhtml.clean("one\r\ntwo\rthree\u0085four\u2028five\u000bsix\u000cseven"))
        .isEqualTo("one\ntwo\nthree\nfour\nfive\nsix\nseven");
    assertThat(Xhtml.clean("end\u2029start")).isEqualTo("end\n\nstart");
    // A surrogate pair is one character beyond the BMP, and stays.
    assertThat(Xhtml.clean("cat \ud83d\udc31\tand tab")).isEqualTo("cat \ud83d\udc31\tand tab");
    assertThat(Xhtml.clean(null)).isEmpty();
  }

  @Test
  void blankLinesPartParagraphsAndASingleLineBreakStaysInside() {
    assertThat(Xhtml.paragraphs("\n\n  First line\nsecond line  \n \t \n\n\nNext & last.\n\n"))
        .isEqualTo("<p>First line<br/>second line</p>\n<p>Next &amp; last.</p>\n");
    assertThat(Xhtml.paragraphs("   \n\n")).isEmpty();
  }

  @Test
  void ideographicSpaceThatIndentsAJapaneseParagraphIsKept() {
    assertThat(Xhtml.paragraphs("\u3000風が吹いた。\n\n\u3000猫は歩いた。"))
        .isEqualTo("<p>\u3000風が吹いた。</p>\n<p>\u3000猫は歩いた。</p>\n");
  }

  @Test
  void oneLineJoinsEveryLineOfATitle() {
    assertThat(Xhtml.oneLine("  The\r\nLong \t Title\n")).isEqualTo("The Long Title");
  }
}
