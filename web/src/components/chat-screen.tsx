/** The chat after consent: sidebar, header, banners, the conversation and the composer. */
import { useCallback, useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { AppConfig, ConversationSummary, DeleteMyDataResult } from '../api/types.ts';
import { loadHighlighter } from '../markdown/highlighter-loader.ts';
import { loadModelChoice, saveModelChoice } from '../state/browser-storage.ts';
import type { StoredConsent } from '../state/browser-storage.ts';
import { useChatSession } from '../state/use-chat-session.ts';
import { useConversationList } from '../state/use-conversation-list.ts';
import { useRoute } from '../state/use-route.ts';
import { ChatHeader } from './chat-header.tsx';
import { Composer } from './composer.tsx';
import { ConnectionBanner, useOnline } from './connection-banner.tsx';
import { DataDialog } from './data-dialog.tsx';
import { DisabledBanner } from './disabled-banner.tsx';
import { EmptyChat } from './empty-chat.tsx';
import { MessageList } from './message-list.tsx';
import { ProblemBanner, useSecondsUntil } from './problem-banner.tsx';
import { Sidebar } from './sidebar.tsx';

export interface ChatScreenProps {
  client: ApiClient;
  initialConfig: AppConfig;
  consent: StoredConsent;
  termsText: string | null;
  onDataDeleted: (result: DeleteMyDataResult) => void;
}

function initialModel(config: AppConfig): string | null {
  const saved = loadModelChoice();
  if (saved !== null && config.models.some((model) => model.id === saved)) return saved;
  return config.defaultModel ?? config.models[0]?.id ?? null;
}

export function ChatScreen({ client, initialConfig, consent, termsText, onDataDeleted }: ChatScreenProps): ReactElement {
  const [config, setConfig] = useState(initialConfig);
  const [model, setModel] = useState(() => initialModel(initialConfig));
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const [dataOpen, setDataOpen] = useState(false);
  const [restoredDraft, setRestoredDraft] = useState<{ text: string; nonce: number } | null>(null);
  const { conversationId, navigate } = useRoute();
  const list = useConversationList(client);
  const online = useOnline();
  const { add: addConversation, remove: removeConversation } = list;
  useEffect(() => {
    void loadHighlighter();
  }, []);

  const onConversationCreated = useCallback(
    (conversation: ConversationSummary) => {
      addConversation(conversation);
      navigate(conversation.id);
    },
    [addConversation, navigate],
  );
  const session = useChatSession({
    client,
    conversationId,
    model,
    onConversationCreated,
    onConversationChanged: list.refresh,
    onRestoreDraft: (text) => setRestoredDraft({ text, nonce: Date.now() }),
  });
  const { problem, actions } = session;

  // The kill switch can be flipped while the page is open: re-read the config when the server
  // says chat is disabled, and keep checking until it is lifted.
  const disabledNow = config.disabledMessage !== null || problem?.kind === 'disabled';
  useEffect(() => {
    if (!disabledNow) return;
    const check = (): void => {
      client.getConfig().then(
        (fresh) => {
          setConfig(fresh);
          if (fresh.disabledMessage === null && problem?.kind === 'disabled') actions.dismissProblem();
        },
        () => undefined,
      );
    };
    check();
    const timer = window.setInterval(check, 30_000);
    return () => window.clearInterval(timer);
  }, [client, disabledNow, problem, actions]);

  const activeTitle = list.conversations.find((conversation) => conversation.id === conversationId)?.title ?? null;
  useEffect(() => {
    document.title = activeTitle ? `${activeTitle} · WildChat` : 'WildChat';
  }, [activeTitle]);

  // Escape closes the conversation drawer on phones, as it would any overlay.
  useEffect(() => {
    if (!sidebarOpen) return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') setSidebarOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [sidebarOpen]);

  const rateLimitSeconds = useSecondsUntil(problem?.kind === 'rate_limited' ? problem.retryAt : null);
  const blockedReason =
    config.disabledMessage !== null
      ? 'Chat is paused by the operator.'
      : !online
        ? 'You are offline.'
        : rateLimitSeconds > 0
          ? `${problem?.kind === 'rate_limited' && problem.limit === 'streams' ? 'A reply is still streaming' : 'Too many messages'}: wait ${rateLimitSeconds} s.`
          : session.path.length >= config.limits.maxTurns
            ? `This conversation reached the limit of ${config.limits.maxTurns} turns. Start a new chat.`
            : null;

  const chooseModel = useCallback((next: string) => {
    setModel(next);
    saveModelChoice(next);
  }, []);
  const openConversation = useCallback(
    (id: string | null) => {
      navigate(id);
      setSidebarOpen(false);
    },
    [navigate],
  );
  const deleteConversation = useCallback(
    async (id: string) => {
      await removeConversation(id);
      if (id === conversationId) navigate(null);
    },
    [removeConversation, conversationId, navigate],
  );

  const showEmpty = conversationId === null && session.path.length === 0 && session.pending === null;
  return (
    <div className="app-shell">
      <Sidebar
        open={sidebarOpen}
        conversations={list.conversations}
        activeId={conversationId}
        onNewChat={() => openConversation(null)}
        onOpen={openConversation}
        onRename={list.rename}
        onDelete={deleteConversation}
        onClose={() => setSidebarOpen(false)}
      />
      <div className="chat-main">
        <ChatHeader
          models={config.models}
          model={model}
          busy={session.busy}
          sidebarOpen={sidebarOpen}
          onModelChange={chooseModel}
          onToggleSidebar={() => setSidebarOpen((open) => !open)}
          onNewChat={() => openConversation(null)}
          onOpenData={() => setDataOpen(true)}
        />
        <div className="banners" aria-live="polite">
          <ConnectionBanner />
          {config.disabledMessage !== null ? <DisabledBanner message={config.disabledMessage} /> : null}
          {problem && !(problem.kind === 'disabled' && config.disabledMessage !== null) ? (
            <ProblemBanner problem={problem} retryable={session.canRetry} onRetry={actions.retry} onDismiss={actions.dismissProblem} />
          ) : null}
          {session.loadError ? <ProblemBanner problem={session.loadError} retryable onRetry={actions.reload} onDismiss={() => openConversation(null)} /> : null}
        </div>
        {showEmpty ? (
          <EmptyChat />
        ) : session.loading && session.path.length === 0 ? (
          <div className="empty-chat">
            <p role="status">Loading the conversation…</p>
          </div>
        ) : (
          <MessageList
            path={session.path}
            tree={session.tree}
            pending={session.pending}
            streamingTurnId={session.streamingTurnId}
            busy={session.busy}
            maxMessageChars={config.limits.maxMessageChars}
            liveReply={session.liveReply}
            actions={actions}
          />
        )}
        <Composer
          busy={session.busy}
          blockedReason={blockedReason}
          maxMessageChars={config.limits.maxMessageChars}
          restoredDraft={restoredDraft}
          onSend={actions.send}
          onStop={actions.stop}
        />
      </div>
      {dataOpen ? (
        <DataDialog client={client} termsText={termsText} consentedAt={consent.consentedAt} onClose={() => setDataOpen(false)} onDeleted={onDataDeleted} />
      ) : null}
    </div>
  );
}
