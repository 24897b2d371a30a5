import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, csvValue, html, markdown, markdownCode, plain } from '../../src/report/escape.js';

const HOSTILE = [
  '<script>alert(1)</script>',
  '=HYPERLINK("http://evil.example","x")',
  '[click](http://evil.example) | pipe',
  'Line1\r\nLine2',
  '@cmd',
  '+33612345678',
  '-2+3',
  '\tTAB',
  '\rCR',
  '"quoted", with comma',
  '＝1+1',
];

describe('plain', () => {
  it('replaces control characters (ANSI escapes, bell) and keeps newlines and tabs', () => {
    expect(plain('a\u001b[31mred\u0007\n\tb')).toBe('a\uFFFD[31mred\uFFFD\n\tb');
  });
});

describe('html', () => {
  it('escapes the five special characters', () => {
    expect(html(`<a href="x" onclick='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('turns a script into text and line breaks into spaces', () => {
    expect(html('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html('Line1\r\nLine2')).toBe('Line1 Line2');
    expect(html('a\u2028b\u0000c')).toBe('a b\uFFFDc');
  });
});

describe('markdown', () => {
  it('escapes link, image, emphasis, code, HTML and table syntax', () => {
    expect(markdown('[click](http://evil.example) | pipe')).toBe(
      '\\[click\\](http\\://evil.example) \\| pipe',
    );
    expect(markdown('![img](x)')).toBe('!\\[img\\](x)');
    expect(markdown('<script>alert(1)</script>')).toBe('\\<script\\>alert(1)\\</script\\>');
    expect(markdown('*bold* _it_ `code` ~~s~~ &amp; $x$')).toBe(
      '\\*bold\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~ \\&amp; \\$x\\$',
    );
    expect(markdown('a\\b')).toBe('a\\\\b');
  });

  it('keeps a value on one line so it cannot start a heading, a list or a table row', () => {
    expect(markdown('x\r\n# title\n| a | b |\n- item')).toBe('x # title \\| a \\| b \\| - item');
  });

  it('breaks bare URLs so renderers do not link them', () => {
    expect(markdown('see https://evil.example and www.evil.example')).toBe(
      'see https\\://evil.example and www\\.evil.example',
    );
  });

  it('leaves ordinary text and phone numbers readable', () => {
    expect(markdown('+33 6 12 34 56 78 (UTC+01:00), 30 appels.')).toBe(
      '+33 6 12 34 56 78 (UTC+01:00), 30 appels.',
    );
  });
});

describe('markdownCode', () => {
  it('fences with more backticks than the text holds, on one line', () => {
    expect(markdownCode('abc')).toBe('`abc`');
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('`x`')).toBe('`` `x` ``');
    expect(markdownCode('a\nb')).toBe('`a b`');
  });

  it('escapes pipes inside a table cell', () => {
    expect(markdownCode('a|b', true)).toBe('`a\\|b`');
    expect(markdownCode('a|b')).toBe('`a|b`');
  });
});

describe('csvCell', () => {
  it('neutralises cells a spreadsheet would run, with a leading apostrophe', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(
      '"\'=HYPERLINK(""http://evil.example"",""x"")"',
    );
    expect(csvCell('+33612345678')).toBe("'+33612345678");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('\tTAB')).toBe("'\tTAB");
    expect(csvCell('\rCR')).toBe('"\'\rCR"');
    expect(csvCell('＝1+1')).toBe("'＝1+1");
  });

  it('leaves safe cells alone and quotes those with commas, quotes or line breaks', () => {
    expect(csvCell('2026-03-02T14:00:00+01:00')).toBe('2026-03-02T14:00:00+01:00');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(null)).toBe('');
    expect(csvCell('"quoted", with comma')).toBe('"""quoted"", with comma"');
    expect(csvCell('Line1\r\nLine2')).toBe('"Line1\r\nLine2"');
    expect(csvCell(' padded ')).toBe('" padded "');
  });

  it('round-trips through a CSV parser: the value is back once the apostrophe is removed', () => {
    const text = HOSTILE.map((v) => csvLine([v, 'x'])).join('');
    const rows = parse(text, { relax_column_count: false }) as string[][];
    expect(rows).toHaveLength(HOSTILE.length);
    rows.forEach((row, i) => {
      expect(row[1]).toBe('x');
      expect(csvValue(row[0])).toBe(HOSTILE[i]);
      expect(row[0]).not.toMatch(/^[=+\-@\t\r＝]/);
    });
  });

  it('csvValue removes only the neutralising apostrophe', () => {
    expect(csvValue("'+33612345678")).toBe('+33612345678');
    expect(csvValue("'quoted")).toBe("'quoted");
    expect(csvValue("'")).toBe("'");
  });
});

describe('csvLine', () => {
  it('joins cells with commas and ends with CRLF', () => {
    expect(csvLine(['a', 1, '+1', ''])).toBe("a,1,'+1,\r\n");
  });
});
