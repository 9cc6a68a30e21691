/**
 * State and actions of the open conversation: its turn tree, the chosen branch at each fork, the
 * reply being streamed, and the problem to show. Components get stable action functions, so the
 * message list re-renders only when turns change, never per streamed token.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isAbortError } from '../api/api-error.ts';
import type { ApiClient, StreamListener } from '../api/client.ts';
import type { ConversationSummary, StreamEvent, Turn } from '../api/types.ts';
import { conversationTitleFrom } from '../../../src/schema/conversation-title.ts';
import { buildTurnTree, chooseTurn, selectPath, upsertTurn } from './conversation-tree.ts';
import type { ParentKey, TurnTree } from './conversation-tree.ts';
import { LiveReplyStore } from './live-reply-store.ts';
import { problemFromCode, problemFromError } from './problem.ts';
import type { Problem } from './problem.ts';

/** The user message shown while the server has not committed it yet. */
export interface PendingMessage {
  content: string;
  parentTurnId: number | null;
  editOf: number | null;
}

export interface ChatSessionOptions {
  client: ApiClient;
  conversationId: string | null;
  model: string | null;
  /** A new conversation was created by the first message. */
  onConversationCreated: (conversation: ConversationSummary) => void;
  /** A reply finished: the sidebar refreshes titles and order. */
  onConversationChanged: (conversationId: string) => void;
  /** A send failed before the server took it: give the text back to the composer. */
  onRestoreDraft: (text: string) => void;
}

export interface ChatSession {
  turns: readonly Turn[];
  tree: TurnTree;
  path: readonly Turn[];
  loading: boolean;
  loadError: Problem | null;
  pending: PendingMessage | null;
  busy: boolean;
  /** The streamed turn, once the server has committed it. */
  streamingTurnId: number | null;
  problem: Problem | null;
  /** Whether the problem's Retry has something to do (false when the text went back to the composer). */
  canRetry: boolean;
  liveReply: LiveReplyStore;
  actions: ChatActions;
}

export interface ChatActions {
  send(content: string): void;
  edit(turnIdentifier: number, content: string): void;
  regenerate(turnIdentifier: number): void;
  stop(): void;
  retry(): void;
  chooseVersion(turnIdentifier: number): void;
  dismissProblem(): void;
  reload(): void;
}

interface StreamState {
  controller: AbortController;
  turnIdentifier: number | null;
  receivedDone: boolean;
}

export function useChatSession(options: ChatSessionOptions): ChatSession {
  const { client, conversationId } = options;
  const [turns, setTurns] = useState<readonly Turn[]>([]);
  const [chosen, setChosen] = useState<ReadonlyMap<ParentKey, number>>(new Map());
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<Problem | null>(null);
  const [pending, setPending] = useState<PendingMessage | null>(null);
  const [busy, setBusy] = useState(false);
  const [streamingTurnId, setStreamingTurnId] = useState<number | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [reloadCounter, setReloadCounter] = useState(0);
  const liveReply = useMemo(() => new LiveReplyStore(), []);

  const optionsRef = useRef(options);
  optionsRef.current = options;
  const streamRef = useRef<StreamState | null>(null);
  const retryRef = useRef<(() => void) | null>(null);
  const [canRetry, setCanRetry] = useState(false);
  /** What Retry does for the current problem; null when the composer already holds the text. */
  const setRetry = useCallback((retry: (() => void) | null) => {
    retryRef.current = retry;
    setCanRetry(retry !== null);
  }, []);
  // The conversation id a stream belongs to, even before the parent re-renders with a new id.
  const activeIdRef = useRef<string | null>(conversationId);
  const createdHereRef = useRef<string | null>(null);

  useEffect(() => {
    activeIdRef.current = conversationId;
    if (conversationId !== null && createdHereRef.current === conversationId) {
      // The first message just created this conversation and its stream is running: keep it.
      createdHereRef.current = null;
      return;
    }
    streamRef.current?.controller.abort();
    streamRef.current = null;
    setPending(null);
    setBusy(false);
    setStreamingTurnId(null);
    setProblem(null);
    liveReply.reset();
    setChosen(new Map());
    setTurns([]);
    setLoadError(null);
    if (conversationId === null) return;
    const controller = new AbortController();
    setLoading(true);
    client.getConversation(conversationId).then(
      (detail) => {
        if (controller.signal.aborted) return;
        setTurns(detail.turns);
        setLoading(false);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setLoadError(problemFromError(error));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [client, conversationId, liveReply, reloadCounter]);

  const turnsRef = useRef(turns);
  turnsRef.current = turns;
  const chosenRef = useRef(chosen);
  chosenRef.current = chosen;
  const busyRef = useRef(busy);
  busyRef.current = busy;

  const refreshTurns = useCallback(
    async (id: string) => {
      try {
        const detail = await client.getConversation(id);
        if (activeIdRef.current === id) setTurns(detail.turns);
      } catch {
        // The stream result already shows what happened; a failed refresh changes nothing visible.
      }
    },
    [client],
  );

  /** Reloads the turns and returns the newest one not in `known`, selecting it. */
  const findNewTurn = useCallback(
    async (id: string, known: ReadonlySet<number>): Promise<Turn | null> => {
      try {
        const detail = await client.getConversation(id);
        if (activeIdRef.current !== id) return null;
        setTurns(detail.turns);
        const added = detail.turns.filter((turn) => !known.has(turn.turnIdentifier)).at(-1) ?? null;
        if (added) setChosen((current) => chooseTurn(current, added));
        return added;
      } catch {
        return null;
      }
    },
    [client],
  );

  const regenerateRef = useRef<(turnIdentifier: number) => void>(() => undefined);

  const runStream = useCallback(
    async (id: string, start: (listener: StreamListener, signal: AbortSignal) => Promise<void>, pendingMessage: PendingMessage | null, retry: () => void) => {
      const stream: StreamState = { controller: new AbortController(), turnIdentifier: null, receivedDone: false };
      streamRef.current = stream;
      setRetry(retry);
      busyRef.current = true;
      setProblem(null);
      setBusy(true);
      setPending(pendingMessage);
      setStreamingTurnId(null);
      liveReply.start(null);
      let committed = false;

      const onEvent = (event: StreamEvent): void => {
        if (streamRef.current !== stream) return;
        switch (event.type) {
          case 'turn':
            committed = true;
            stream.turnIdentifier = event.turn.turnIdentifier;
            setTurns((current) => upsertTurn(current, event.turn));
            setChosen((current) => chooseTurn(current, event.turn));
            setPending(null);
            setStreamingTurnId(event.turn.turnIdentifier);
            liveReply.start(event.turn.turnIdentifier, event.turn.assistantContent);
            break;
          case 'delta':
            liveReply.append(event.text);
            break;
          case 'done':
            stream.receivedDone = true;
            setTurns((current) => upsertTurn(current, event.turn));
            break;
          case 'error': {
            setProblem(problemFromCode(502, event.code, event.message, event.retryAfterSeconds ?? null));
            // The failed turn is stored: Retry regenerates it rather than sending the message again.
            const failedTurn = stream.turnIdentifier;
            if (failedTurn !== null) setRetry(() => regenerateRef.current(failedTurn));
            break;
          }
        }
      };

      const knownTurnIds = new Set(turnsRef.current.map((turn) => turn.turnIdentifier));
      try {
        await start(onEvent, stream.controller.signal);
      } catch (error) {
        if (streamRef.current === stream && !isAbortError(error)) {
          setProblem(problemFromError(error));
          // An upstream failure before the first token is still recorded as a turn: show it with
          // its error, and let Retry regenerate it instead of storing the message twice.
          const recorded = committed ? null : await findNewTurn(id, knownTurnIds);
          const committedTurn = stream.turnIdentifier;
          if (committed && committedTurn !== null) {
            setRetry(() => regenerateRef.current(committedTurn));
          } else if (recorded) {
            setRetry(() => regenerateRef.current(recorded.turnIdentifier));
          } else if (!committed && pendingMessage) {
            // The text goes back into the composer; a Retry button would send it a second time.
            setRetry(null);
            optionsRef.current.onRestoreDraft(pendingMessage.content);
          }
        }
      } finally {
        if (streamRef.current === stream) {
          streamRef.current = null;
          setBusy(false);
          setPending(null);
          setStreamingTurnId(null);
          liveReply.reset();
          // Without a `done` event (dropped connection, abort) the stored turn is the truth.
          if (committed && !stream.receivedDone) await refreshTurns(id);
          optionsRef.current.onConversationChanged(id);
        }
      }
    },
    [liveReply, refreshTurns, findNewTurn, setRetry],
  );

  const actions = useMemo<ChatActions>(() => {
    const currentPath = (): Turn[] => selectPath(buildTurnTree(turnsRef.current), chosenRef.current);

    const sendFrom = (content: string, parentTurnId: number | null, editOf: number | null): void => {
      const { model } = optionsRef.current;
      const retry = (): void => sendFrom(content, parentTurnId, editOf);
      const pendingMessage: PendingMessage = { content, parentTurnId, editOf };
      void (async () => {
        let id = activeIdRef.current;
        if (id === null) {
          busyRef.current = true;
          setBusy(true);
          setPending(pendingMessage);
          try {
            const conversation = await client.createConversation(conversationTitleFrom(content));
            id = conversation.id;
            activeIdRef.current = id;
            createdHereRef.current = id;
            optionsRef.current.onConversationCreated(conversation);
          } catch (error) {
            busyRef.current = false;
            setBusy(false);
            setPending(null);
            setRetry(null);
            setProblem(problemFromError(error));
            optionsRef.current.onRestoreDraft(content);
            return;
          }
        }
        const conversationIdForStream = id;
        await runStream(
          conversationIdForStream,
          (listener, signal) =>
            client.sendMessage(
              conversationIdForStream,
              {
                content,
                parentTurnId,
                ...(model ? { model } : {}),
                ...(editOf !== null ? { editOf } : {}),
              },
              listener,
              signal,
            ),
          pendingMessage,
          retry,
        );
      })();
    };

    const regenerate = (turnIdentifier: number): void => {
      const id = activeIdRef.current;
      if (id === null || busyRef.current) return;
      const { model } = optionsRef.current;
      void runStream(
        id,
        (listener, signal) => client.regenerate(id, turnIdentifier, model ? { model } : {}, listener, signal),
        null,
        () => regenerate(turnIdentifier),
      );
    };

    regenerateRef.current = regenerate;

    return {
      send(content) {
        if (busyRef.current || content.trim() === '') return;
        const last = currentPath().at(-1);
        sendFrom(content, last ? last.turnIdentifier : null, null);
      },
      edit(turnIdentifier, content) {
        if (busyRef.current || content.trim() === '') return;
        const turn = turnsRef.current.find((candidate) => candidate.turnIdentifier === turnIdentifier);
        if (!turn) return;
        sendFrom(content, turn.parentTurnId, turn.turnIdentifier);
      },
      regenerate,
      stop() {
        const stream = streamRef.current;
        if (!stream) return;
        if (stream.turnIdentifier === null) {
          stream.controller.abort();
          return;
        }
        const turnIdentifier = stream.turnIdentifier;
        client.stopTurn(turnIdentifier).then(
          (stopped) => {
            if (!stopped && streamRef.current === stream) stream.controller.abort();
          },
          () => {
            // The stop call failed (server gone?): closing the stream also cancels the reply.
            if (streamRef.current === stream) stream.controller.abort();
          },
        );
      },
      retry() {
        const retry = retryRef.current;
        if (!retry || busyRef.current) return;
        setProblem(null);
        retry();
      },
      chooseVersion(turnIdentifier) {
        const turn = turnsRef.current.find((candidate) => candidate.turnIdentifier === turnIdentifier);
        if (turn) setChosen((current) => chooseTurn(current, turn));
      },
      dismissProblem() {
        setProblem(null);
      },
      reload() {
        setReloadCounter((value) => value + 1);
      },
    };
  }, [client, runStream, setRetry]);

  const tree = useMemo(() => buildTurnTree(turns), [turns]);
  const path = useMemo(() => selectPath(tree, chosen), [tree, chosen]);

  return { turns, tree, path, loading, loadError, pending, busy, streamingTurnId, problem, canRetry, liveReply, actions };
}
