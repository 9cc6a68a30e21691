import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from './render-markdown.ts';
import { setHighlighter } from './highlighter-loader.ts';
import * as highlight from './highlight-code.ts';

describe('renderMarkdown', () => {
  after(() => setHighlighter(null));

  test('raw HTML in a message is escaped, never emitted as markup', () => {
    const html = renderMarkdown('Look: <img src=x onerror="alert(1)"> and <script>alert(2)</script>');
    assert.doesNotMatch(html, /<img/i);
    assert.doesNotMatch(html, /<script/i);
    assert.match(html, /&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;/);
  });

  test('javascript:, vbscript: and data: links are not turned into links', () => {
    for (const source of [
      '[click](javascript:alert(1))',
      '[x](JAVASCRIPT:alert(1))',
      '[v](vbscript:msgbox(1))',
      '[d](data:text/html;base64,PHNjcmlwdD4=)',
      '<javascript:alert(1)>',
    ]) {
      const html = renderMarkdown(source);
      assert.doesNotMatch(html, /<a /, source);
    }
  });

  test('ordinary links open in a new tab without an opener or referrer', () => {
    const html = renderMarkdown('[docs](https://example.org/a?b=1) and https://example.com');
    assert.match(html, /<a href="https:\/\/example.org\/a\?b=1" target="_blank" rel="noopener noreferrer nofollow">docs<\/a>/);
    assert.match(html, /<a href="https:\/\/example.com" target="_blank" rel="noopener noreferrer nofollow">/);
  });

  test('an image is a link labelled with its alt text, never an <img>, so the page fetches nothing', () => {
    const html = renderMarkdown('See ![a *red* <b>pixel</b>](https://tracker.example/pixel.png "t") here');
    assert.doesNotMatch(html, /<img/);
    assert.doesNotMatch(html, /!<a|!link|!\[/);
    assert.match(
      html,
      /^<p>See <a href="https:\/\/tracker.example\/pixel.png" class="image-link" target="_blank" rel="noopener noreferrer nofollow">a red &lt;b&gt;pixel&lt;\/b&gt;<\/a> here<\/p>/,
    );
    assert.match(
      renderMarkdown('![](https://example.org/x.png?a=1&b="2")'),
      /<a href="https:\/\/example.org\/x.png\?a=1&amp;b=%222%22" class="image-link"[^>]*>image<\/a>/,
    );
    const referenced = renderMarkdown('![chart][c]\n\n[c]: https://example.org/chart.png');
    assert.match(referenced, /<a href="https:\/\/example.org\/chart.png" class="image-link"[^>]*>chart<\/a>/);
  });

  test('an image that is not a web address, or sits inside a link, is only its alt text', () => {
    for (const source of ['![inline](data:image/png;base64,iVBORw0KGgo=)', '![local](/etc/passwd)', '![rel](pixel.png)']) {
      const html = renderMarkdown(source);
      assert.doesNotMatch(html, /<img|<a /, source);
      assert.match(html, /<span class="image-alt">[a-z]+<\/span>/, source);
    }
    // markdown-it refuses a javascript: destination outright, so the source stays as text.
    assert.doesNotMatch(renderMarkdown('![js](javascript:alert(1))'), /<img|<a /);
    const nested = renderMarkdown('[![badge](https://ci.example/badge.svg)](https://ci.example/build)');
    assert.equal((nested.match(/<a /g) ?? []).length, 1);
    assert.match(nested, /<a href="https:\/\/ci.example\/build"[^>]*><span class="image-alt">badge<\/span><\/a>/);
  });

  test('code blocks get a language label, a copy button and escaped content', () => {
    setHighlighter(null);
    const html = renderMarkdown('```python\nprint("<b>hi</b>")\n```');
    assert.match(html, /<div class="code-block">/);
    assert.match(html, /<span class="code-language">python<\/span>/);
    assert.match(html, /<button type="button" class="copy-code" data-copy-code aria-label="Copy code">Copy<\/button>/);
    assert.match(html, /print\(&quot;&lt;b&gt;hi&lt;\/b&gt;&quot;\)/);
  });

  test('once the highlighter is loaded, known languages are highlighted and still escaped', () => {
    setHighlighter(highlight);
    const html = renderMarkdown('```js\nconst tag = "<img src=x onerror=alert(1)>";\n```');
    assert.match(html, /class="hljs language-js"/);
    assert.match(html, /<span class="hljs-keyword">const<\/span>/);
    assert.doesNotMatch(html, /<img/);
    const unknown = renderMarkdown('```klingon\nqapla <b>\n```');
    assert.match(unknown, /class="hljs"/);
    assert.match(unknown, /qapla &lt;b&gt;/);
    const injected = renderMarkdown('```"><script>alert(1)</script>\ncode\n```');
    assert.doesNotMatch(injected, /<script/);
  });

  test('tables are wrapped in a scroll box; lists and emphasis render', () => {
    const html = renderMarkdown('| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n- **two**\n');
    assert.match(html, /<div class="table-wrap"><table>/);
    assert.match(html, /<\/table><\/div>/);
    assert.match(html, /<li><strong>two<\/strong><\/li>/);
  });

  test('column alignment becomes a class, since the page allows no inline styles', () => {
    const html = renderMarkdown('| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n');
    assert.doesNotMatch(html, /style=/);
    assert.match(html, /<th class="align-left">a<\/th>/);
    assert.match(html, /<td class="align-center">2<\/td>/);
    assert.match(html, /<td class="align-right">3<\/td>/);
  });
});
