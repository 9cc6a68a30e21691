/**
 * Markdown → HTML for model replies and the terms. Safety does not depend on the browser: raw
 * HTML in the source is escaped (html: false), markdown-it's link validation drops javascript:,
 * vbscript:, file: and data: links, and an image is never an <img>: it becomes a link labelled
 * with its alt text, so a reply cannot make the page fetch a remote URL (the page must also work
 * on a closed network) and the reader still sees what was meant and can open it.
 */
import MarkdownIt from 'markdown-it';
import { escapeHtml } from './escape-html.ts';
import { currentHighlighter } from './highlighter-loader.ts';

function createRenderer(): MarkdownIt {
  const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

  markdown.renderer.rules.image = (tokens, index, options, env, self) => {
    const token = tokens[index];
    if (!token) return '';
    const alt = escapeHtml(self.renderInlineAsText(token.children ?? [], options, env).trim() || 'image');
    const source = token.attrGet('src') ?? '';
    // Only web addresses become links; a link cannot hold another link, so inside one the alt text stands alone.
    if (!/^https?:\/\//i.test(source) || insideLink(tokens, index)) return `<span class="image-alt">${alt}</span>`;
    return `<a href="${escapeHtml(source)}" class="image-link" target="_blank" rel="noopener noreferrer nofollow">${alt}</a>`;
  };

  markdown.renderer.rules.fence = (tokens, index) => {
    const token = tokens[index];
    if (!token) return '';
    const info = markdown.utils.unescapeAll(token.info).trim();
    const language = (info.split(/\s+/)[0] ?? '').toLowerCase();
    const label = language === '' ? 'text' : language;
    const highlighter = currentHighlighter();
    const known = highlighter !== null && highlighter.isKnownLanguage(language);
    const languageClass = known ? ` language-${escapeHtml(language)}` : '';
    const body = known ? highlighter.highlightCode(token.content, language) : escapeHtml(token.content);
    return (
      '<div class="code-block">' +
      `<div class="code-header"><span class="code-language">${escapeHtml(label)}</span>` +
      '<button type="button" class="copy-code" data-copy-code aria-label="Copy code">Copy</button></div>' +
      `<pre><code class="hljs${languageClass}">${body}</code></pre>` +
      '</div>\n'
    );
  };

  const defaultLinkOpen = markdown.renderer.rules.link_open ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
  markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
    const token = tokens[index];
    if (token) {
      token.attrSet('target', '_blank');
      token.attrSet('rel', 'noopener noreferrer nofollow');
    }
    return defaultLinkOpen(tokens, index, options, env, self);
  };

  // Column alignment as classes: the page's content security policy allows no inline styles.
  for (const rule of ['th_open', 'td_open'] as const) {
    markdown.renderer.rules[rule] = (tokens, index, options, _env, self) => {
      const token = tokens[index];
      const style = token?.attrGet('style');
      if (token && style) {
        const alignment = /text-align:(left|center|right)/.exec(style)?.[1];
        token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
        if (alignment) token.attrJoin('class', `align-${alignment}`);
      }
      return self.renderToken(tokens, index, options);
    };
  }

  // Wide tables scroll inside their own box so a phone-size page never scrolls sideways.
  markdown.renderer.rules.table_open = () => '<div class="table-wrap"><table>\n';
  markdown.renderer.rules.table_close = () => '</table></div>\n';
  return markdown;
}

/** Whether the inline token at index sits between a link_open and its link_close. */
function insideLink(tokens: readonly { type: string }[], index: number): boolean {
  let depth = 0;
  for (let position = index - 1; position >= 0; position -= 1) {
    const type = tokens[position]?.type;
    if (type === 'link_close') depth -= 1;
    else if (type === 'link_open') depth += 1;
  }
  return depth > 0;
}

let renderer: MarkdownIt | null = null;

export function renderMarkdown(source: string): string {
  renderer ??= createRenderer();
  return renderer.render(source);
}
