import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Turn } from '../api/types.ts';
import { LiveReplyStore } from '../state/live-reply-store.ts';
import type { ChatActions } from '../state/use-chat-session.ts';
import { MessageTurn } from './message-turn.tsx';
import type { MessageTurnProps } from './message-turn.tsx';

const noop = (): void => undefined;
const actions: ChatActions = { send: noop, edit: noop, regenerate: noop, stop: noop, retry: noop, chooseVersion: noop, dismissProblem: noop, reload: noop };

function render(turn: Partial<Turn>, props: Partial<MessageTurnProps> = {}): string {
  const full: Turn = {
    turnIdentifier: 3,
    parentTurnId: null,
    origin: 'send',
    userContent: 'hello',
    assistantContent: 'Hi **there**',
    model: 'test-model',
    status: 'complete',
    finishReason: 'stop',
    error: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    completedAt: '2026-01-01T00:00:01.000Z',
    ...turn,
  };
  return renderToStaticMarkup(
    createElement(MessageTurn, {
      turn: full,
      versionIndex: 1,
      versionCount: 1,
      previousVersionId: null,
      nextVersionId: null,
      versionsAreEdits: false,
      isLive: false,
      busy: false,
      maxMessageChars: 1000,
      liveReply: new LiveReplyStore(noop),
      actions,
      ...props,
    }),
  );
}

describe('MessageTurn', () => {
  test('user text is shown as text, never as markup', () => {
    const html = render({ userContent: '<img src=x onerror=alert(1)> **not bold**' });
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt; \*\*not bold\*\*/);
    assert.doesNotMatch(html, /<img/);
  });

  test('the reply is Markdown with copy and regenerate buttons labelled for screen readers', () => {
    const html = render({});
    assert.match(html, /Hi <strong>there<\/strong>/);
    assert.match(html, /aria-label="Copy the reply"/);
    assert.match(html, /aria-label="Regenerate the reply"/);
    assert.match(html, /aria-label="Edit your message"/);
  });

  test('an upstream error shows its message and a retry button', () => {
    const html = render({
      status: 'upstream_error',
      assistantContent: '',
      error: { code: 'upstream_stalled', message: 'The model service stopped sending the reply.' },
    });
    assert.match(html, /role="alert"/);
    assert.match(html, /The model service stopped sending the reply\./);
    assert.match(html, />Retry</);
  });

  test('versions show a switcher beside the reply, or beside the user message for edits', () => {
    const regenerated = render({}, { versionIndex: 2, versionCount: 3, previousVersionId: 1, nextVersionId: 4 });
    assert.match(regenerated, /2 \/ 3/);
    assert.match(regenerated, /message-assistant.*Previous version/s);
    const edited = render({}, { versionIndex: 1, versionCount: 2, nextVersionId: 9, versionsAreEdits: true });
    assert.match(edited, /message-user.*Next version.*message-assistant/s);
  });

  test('a stopped reply says so', () => {
    assert.match(render({ status: 'stopped' }), /Stopped\./);
  });
});
