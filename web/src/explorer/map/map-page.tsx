/**
 * /map: the embedding map. A WebGL scatter of every conversation, coloured by dataset, language,
 * model, toxic or topic; hover shows the first user turn, a click opens the conversation, the
 * search box (with the URL's filters) lights up matching points, shift-drag draws a lasso whose
 * points become the listed selection, and the topic tree beside it counts each cluster.
 * Large maps draw a stable sample while the view moves and every point once it is still; the first
 * frame is the sample, and the hover/lasso grid is built after every point is on screen.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import { decodeMapData, NO_CLUSTER, type MapData } from '../../../../src/schema/map-data.ts';
import { navigate, type Place } from '../use-location.ts';
import { COLOR_FIELDS, colorPoints, type ColorField } from './map-colors.ts';
import { litPoints, MOVING_SAMPLE_SIZE, MovingFrameBudget, movingSample, SETTLE_MS } from './level-of-detail.ts';
import { PointGrid } from './point-grid.ts';
import { PointRenderer, type View } from './point-renderer.ts';
import { countNoun } from '../../format/count-noun.ts';

interface MapListEntry {
  name: string;
  createdAt: number;
}

interface PointInfo {
  point: number;
  dataset: string;
  conversationHash: string;
  model: string | null;
  language: string | null;
  preview: string;
}

/** What the page exposes for inspection (and the browser test): the scatter's state. */
export interface MapInspection {
  points: number;
  lit: number;
  selected: number;
  screenOf(point: number): [number, number];
  /** Canvas pixels that are not background (or, given a colour, that have exactly that colour). */
  paintedPixels(color?: readonly [number, number, number]): number;
  /** Pans like a drag ('sample': the moving sample now, every point once still) or draws every point at once ('all'). */
  pan(dx: number, dy: number, level?: 'sample' | 'all'): void;
  /** Points drawn while the view moves. */
  sampleSize: number;
}

declare global {
  interface Window {
    wildchatMap?: MapInspection;
  }
}

/** Marks the page's load path once (map:fetched, map:decoded, map:first-frame, map:all-drawn) for the benchmark to read. */
function markOnce(name: string): void {
  if (performance.getEntriesByName(name, 'mark').length === 0) performance.mark(name);
}

async function fetchMapData(name: string): Promise<MapData> {
  const response = await fetch(`/map.bin?map=${encodeURIComponent(name)}`);
  if (!response.ok) throw new Error(`the map could not be loaded (HTTP ${response.status})`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  markOnce('map:fetched');
  // Views into the fetched buffer: a million points are not copied.
  const data = decodeMapData(bytes);
  markOnce('map:decoded');
  return data;
}

function searchParamsOf(place: Place, query: string): URLSearchParams {
  const params = new URLSearchParams(place.params);
  params.delete('map');
  params.delete('color');
  if (query === '') params.delete('q');
  else params.set('q', query);
  return params;
}

export function MapPage({ place }: { place: Place }): ReactElement {
  const [maps, setMaps] = useState<MapListEntry[] | null>(null);
  const [data, setData] = useState<MapData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hover, setHover] = useState<{ info: PointInfo; x: number; y: number } | null>(null);
  const [query, setQuery] = useState(place.params.get('q') ?? '');
  const [highlight, setHighlight] = useState<{ points: Uint32Array; matches: number; complete: boolean } | null>(null);
  const [selection, setSelection] = useState<number[] | null>(null);
  const [selectedInfo, setSelectedInfo] = useState<PointInfo[]>([]);
  const [clusterFilter, setClusterFilter] = useState<number | null>(null);
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const rendererRef = useRef<PointRenderer | null>(null);
  const viewRef = useRef<View>({ x: 0, y: 0, scale: 1 });
  const lassoRef = useRef<Array<[number, number]> | null>(null);
  const overlayRef = useRef<HTMLCanvasElement | null>(null);
  const colorField = (COLOR_FIELDS as readonly string[]).includes(place.params.get('color') ?? '') ? (place.params.get('color') as ColorField) : 'dataset';
  const mapName = place.params.get('map') ?? maps?.[0]?.name ?? null;

  useEffect(() => {
    fetch('/maps.json')
      .then(async (response) => (await response.json()) as { maps: MapListEntry[] })
      .then((body) => setMaps(body.maps))
      .catch(() => setError('the list of maps could not be loaded'));
  }, []);

  useEffect(() => {
    if (mapName === null) return;
    setData(null);
    fetchMapData(mapName)
      .then(setData)
      .catch((caught: unknown) => setError(caught instanceof Error ? caught.message : 'the map could not be loaded'));
  }, [mapName]);

  // Built on first use (or once every point is drawn), not on the load path: a million points take a while.
  const gridRef = useRef<{ data: MapData; grid: PointGrid } | null>(null);
  const gridOf = (): PointGrid | null => {
    if (data === null) return null;
    if (gridRef.current?.data !== data) gridRef.current = { data, grid: new PointGrid(data.positions) };
    return gridRef.current.grid;
  };
  const colored = useMemo(() => (data === null ? null : colorPoints(data, colorField)), [data, colorField]);

  const lit = useMemo(() => {
    if (data === null) return null;
    const n = data.header.points;
    const flags = new Uint8Array(n);
    let any = false;
    if (highlight !== null) {
      any = true;
      for (const point of highlight.points) flags[point] = 1;
    }
    if (clusterFilter !== null) {
      const inFilter = new Set(data.header.clusters.filter((entry) => entry.id === clusterFilter || entry.parent === clusterFilter).map((entry) => entry.id));
      for (let point = 0; point < n; point += 1) flags[point] = (any ? flags[point] === 1 : true) && inFilter.has(data.cluster[point] ?? NO_CLUSTER) ? 1 : 0;
      any = true;
    }
    if (selection !== null) {
      const inLasso = new Uint8Array(n);
      for (const point of selection) inLasso[point] = 1;
      for (let point = 0; point < n; point += 1) flags[point] = (any ? flags[point] === 1 : true) && inLasso[point] === 1 ? 1 : 0;
      any = true;
    }
    return any ? flags : null;
  }, [data, highlight, selection, clusterFilter]);

  const litCount = useMemo(() => (lit === null ? 0 : lit.reduce((sum, value) => sum + value, 0)), [lit]);

  const frameRef = useRef<number | null>(null);
  const budgetRef = useRef(new MovingFrameBudget());
  const settleRef = useRef<number | null>(null);
  const cancelDraws = (): void => {
    if (frameRef.current !== null) cancelAnimationFrame(frameRef.current);
    if (settleRef.current !== null) window.clearTimeout(settleRef.current);
    frameRef.current = null;
    settleRef.current = null;
  };
  const drawNow = (level: 'sample' | 'all'): void => {
    const renderer = rendererRef.current;
    const canvas = canvasRef.current;
    if (renderer === null || canvas === null || data === null) return;
    if (level === 'sample') {
      budgetRef.current.frame(performance.now());
      renderer.sampleLimit = budgetRef.current.size;
    } else budgetRef.current.still();
    renderer.draw(viewRef.current, level);
    // Read by the benchmark and tests: whether this frame holds every point.
    canvas.dataset.drawn = level === 'all' || renderer.sampleSize >= data.header.points ? 'all' : 'sample';
    markOnce('map:first-frame');
    if (canvas.dataset.drawn === 'all') markOnce('map:all-drawn');
    if (level === 'all') window.setTimeout(gridOf, 0);
  };
  /** The view moved: the sample in the next frame (one draw per frame however many events), every point once it is still. */
  const drawMoving = (): void => {
    if (frameRef.current === null)
      frameRef.current = requestAnimationFrame(() => {
        frameRef.current = null;
        drawNow('sample');
      });
    scheduleSettle();
  };
  /** Every point once the view has been still for SETTLE_MS; a later move restarts the wait. */
  const scheduleSettle = (): void => {
    if (settleRef.current !== null) window.clearTimeout(settleRef.current);
    settleRef.current = window.setTimeout(() => {
      settleRef.current = null;
      drawNow('all');
    }, SETTLE_MS);
  };
  /** New points, colours or highlights: the sample at once, every point two frames later (after the sample is on screen). */
  const drawSampleThenAll = (): void => {
    cancelDraws();
    drawNow('sample');
    frameRef.current = requestAnimationFrame(() => {
      frameRef.current = requestAnimationFrame(() => {
        frameRef.current = null;
        drawNow('all');
      });
    });
  };
  useEffect(() => cancelDraws, []);

  const rendererFor = (canvas: HTMLCanvasElement): PointRenderer | null => {
    if (rendererRef.current === null) {
      try {
        rendererRef.current = new PointRenderer(canvas);
      } catch (caught) {
        setError(caught instanceof Error ? caught.message : 'WebGL is not available');
      }
    }
    return rendererRef.current;
  };

  // Each buffer is uploaded only when its own input changes: a new highlight re-sends one byte a point, not the positions.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null || data === null) return;
    const renderer = rendererFor(canvas);
    if (renderer === null) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(canvas.clientWidth * ratio);
    canvas.height = Math.round(canvas.clientHeight * ratio);
    renderer.setPositions(data.positions);
    renderer.setSample(movingSample(data.header.points, MOVING_SAMPLE_SIZE));
  }, [data]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null || colored === null) return;
    rendererFor(canvas)?.setColors(colored.colors);
  }, [colored]);

  const noneLit = useMemo(() => (data === null ? null : new Uint8Array(data.header.points)), [data]);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null || data === null || noneLit === null) return;
    const renderer = rendererFor(canvas);
    if (renderer === null) return;
    renderer.setLit(lit ?? noneLit);
    renderer.dimOthers = lit !== null;
    renderer.setLitPoints(litPoints(lit));
  }, [data, lit, noneLit]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const renderer = rendererRef.current;
    if (canvas === null || renderer === null || data === null || colored === null) return;
    drawSampleThenAll();
    window.wildchatMap = {
      points: data.header.points,
      lit: litCount,
      selected: selection?.length ?? 0,
      get sampleSize() {
        return renderer.sampleSize;
      },
      screenOf: (point) => renderer.toScreen(viewRef.current, data.positions[point * 2] ?? 0, data.positions[point * 2 + 1] ?? 0),
      paintedPixels: (color) => {
        const { gl } = renderer;
        const pixels = new Uint8Array(canvas.width * canvas.height * 4);
        gl.readPixels(0, 0, canvas.width, canvas.height, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
        let painted = 0;
        for (let index = 0; index < pixels.length; index += 4) {
          if ((pixels[index + 3] ?? 0) === 0) continue;
          if (color === undefined || (pixels[index] === color[0] && pixels[index + 1] === color[1] && pixels[index + 2] === color[2])) painted += 1;
        }
        return painted;
      },
      pan: (dx, dy, level = 'sample') => {
        viewRef.current = { ...viewRef.current, x: viewRef.current.x + dx, y: viewRef.current.y + dy };
        if (level === 'all') {
          cancelDraws();
          drawNow('all');
          return;
        }
        // Drawn now rather than at the next frame, so a caller timing frames times this draw.
        drawNow('sample');
        scheduleSettle();
      },
    };
  }, [data, colored, lit, litCount, selection]);

  useEffect(() => {
    if (mapName === null || data === null) return;
    const params = searchParamsOf(place, place.params.get('q') ?? '');
    const filtered = [...params.keys()].some((key) => key !== 'facet');
    if (!filtered) {
      setHighlight(null);
      return;
    }
    params.set('map', mapName);
    const controller = new AbortController();
    fetch(`/map/highlight.bin?${params.toString()}`, { signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(((await response.json()) as { error?: { message?: string } }).error?.message ?? `HTTP ${response.status}`);
        setHighlight({
          points: new Uint32Array(await response.arrayBuffer()),
          matches: Number(response.headers.get('x-matches')),
          complete: response.headers.get('x-complete') === 'true',
        });
        setError(null);
      })
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setError(caught instanceof Error ? caught.message : 'search failed');
      });
    return () => controller.abort();
  }, [mapName, data, place]);

  useEffect(() => {
    if (mapName === null || selection === null) {
      setSelectedInfo([]);
      return;
    }
    const shown = (lit === null ? selection : selection.filter((point) => lit[point] === 1)).slice(0, 20);
    void Promise.all(
      shown.map((point) =>
        fetch(`/map/point.json?map=${encodeURIComponent(mapName)}&i=${point}`).then(async (response) =>
          response.ok ? ((await response.json()) as PointInfo) : null,
        ),
      ),
    ).then((infos) => setSelectedInfo(infos.filter((info): info is PointInfo => info !== null)));
  }, [mapName, selection, lit]);

  const pointAt = (event: { clientX: number; clientY: number }): number => {
    const canvas = canvasRef.current;
    const renderer = rendererRef.current;
    const grid = gridOf();
    if (canvas === null || renderer === null || grid === null) return -1;
    const rect = canvas.getBoundingClientRect();
    const [x, y] = renderer.toMap(viewRef.current, event.clientX - rect.left, event.clientY - rect.top);
    const [farX] = renderer.toMap(viewRef.current, event.clientX - rect.left + 6, event.clientY - rect.top);
    return grid.nearest(x, y, Math.abs(farX - x));
  };

  const hoverTimer = useRef<number | null>(null);
  const dragRef = useRef<{ x: number; y: number; moved: boolean } | null>(null);

  const onPointerDown = (event: React.PointerEvent<HTMLCanvasElement>): void => {
    event.currentTarget.setPointerCapture(event.pointerId);
    const rect = event.currentTarget.getBoundingClientRect();
    if (event.shiftKey) lassoRef.current = [[event.clientX - rect.left, event.clientY - rect.top]];
    else dragRef.current = { x: event.clientX, y: event.clientY, moved: false };
  };

  const drawLasso = (): void => {
    const overlay = overlayRef.current;
    const context = overlay?.getContext('2d');
    if (overlay === null || overlay === undefined || context === null || context === undefined) return;
    overlay.width = overlay.clientWidth;
    overlay.height = overlay.clientHeight;
    const lasso = lassoRef.current;
    if (lasso === null || lasso.length < 2) return;
    context.strokeStyle = '#d62728';
    context.lineWidth = 2;
    context.beginPath();
    lasso.forEach(([x, y], index) => (index === 0 ? context.moveTo(x, y) : context.lineTo(x, y)));
    context.closePath();
    context.stroke();
  };

  const onPointerMove = (event: React.PointerEvent<HTMLCanvasElement>): void => {
    const rect = event.currentTarget.getBoundingClientRect();
    if (lassoRef.current !== null) {
      lassoRef.current.push([event.clientX - rect.left, event.clientY - rect.top]);
      drawLasso();
      return;
    }
    const drag = dragRef.current;
    if (drag !== null) {
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      if (drag.moved) {
        const [ax, ay] = rendererRef.current?.aspect() ?? [1, 1];
        viewRef.current = { ...viewRef.current, x: viewRef.current.x + ((dx / rect.width) * 2) / ax, y: viewRef.current.y + ((dy / rect.height) * 2) / ay };
        drag.x = event.clientX;
        drag.y = event.clientY;
        setHover(null);
        drawMoving();
        return;
      }
    }
    if (hoverTimer.current !== null) window.clearTimeout(hoverTimer.current);
    const { clientX, clientY } = event;
    hoverTimer.current = window.setTimeout(() => {
      const point = pointAt({ clientX, clientY });
      if (point < 0 || mapName === null) {
        setHover(null);
        return;
      }
      void fetch(`/map/point.json?map=${encodeURIComponent(mapName)}&i=${point}`)
        .then(async (response) => (response.ok ? ((await response.json()) as PointInfo) : null))
        .then((info) => setHover(info === null ? null : { info, x: clientX - rect.left, y: clientY - rect.top }));
    }, 60);
  };

  const onPointerUp = (event: React.PointerEvent<HTMLCanvasElement>): void => {
    const lasso = lassoRef.current;
    lassoRef.current = null;
    if (lasso !== null) {
      drawLasso();
      const renderer = rendererRef.current;
      const grid = gridOf();
      if (renderer !== null && grid !== null && lasso.length >= 3) setSelection(grid.inside(lasso.map(([x, y]) => renderer.toMap(viewRef.current, x, y))));
      return;
    }
    const drag = dragRef.current;
    dragRef.current = null;
    if (drag !== null && !drag.moved) {
      const point = pointAt(event);
      if (point >= 0 && mapName !== null) {
        void fetch(`/map/point.json?map=${encodeURIComponent(mapName)}&i=${point}`)
          .then(async (response) => (response.ok ? ((await response.json()) as PointInfo) : null))
          .then((info) => {
            if (info !== null) navigate(`/c/${info.conversationHash}?dataset=${encodeURIComponent(info.dataset)}`);
          });
      }
    }
  };

  const onWheel = (event: React.WheelEvent<HTMLCanvasElement>): void => {
    const factor = Math.exp(-event.deltaY * 0.0015);
    viewRef.current = {
      ...viewRef.current,
      scale: Math.max(0.2, Math.min(200, viewRef.current.scale * factor)),
      x: viewRef.current.x * factor,
      y: viewRef.current.y * factor,
    };
    drawMoving();
  };

  const setParam = (name: string, value: string | null): void => {
    const params = new URLSearchParams(place.params);
    if (value === null || value === '') params.delete(name);
    else params.set(name, value);
    navigate(`/map?${params.toString()}`);
  };

  if (maps !== null && maps.length === 0) return <p className="notice">No maps yet: run `wildchat embed DATASET` and `wildchat map DATASET`, then reload.</p>;
  const topClusters = data?.header.clusters.filter((cluster) => cluster.level === 1) ?? [];
  const noUsers = data?.header.datasets.filter((dataset) => !dataset.hasUsers).map((dataset) => dataset.name) ?? [];

  return (
    <div className="map-page">
      <form
        className="map-controls"
        onSubmit={(event) => {
          event.preventDefault();
          setParam('q', query);
        }}
      >
        <select aria-label="map" value={mapName ?? ''} onChange={(event) => setParam('map', event.target.value)}>
          {(maps ?? []).map((map) => (
            <option key={map.name} value={map.name}>
              {map.name}
            </option>
          ))}
        </select>
        <input
          type="search"
          aria-label="highlight search"
          placeholder="Search to light up points"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <button type="submit">Highlight</button>
        <label>
          colour by{' '}
          <select aria-label="colour by" value={colorField} onChange={(event) => setParam('color', event.target.value)}>
            {COLOR_FIELDS.map((field) => (
              <option key={field} value={field}>
                {field}
              </option>
            ))}
          </select>
        </label>
      </form>
      {error !== null && <p className="notice error">{error}</p>}
      <div className="map-status" aria-live="polite">
        {data === null ? 'loading the map…' : countNoun(data.header.points, 'conversation')}
        {highlight !== null &&
          ` · ${highlight.points.length.toLocaleString('en-US')} on the map match the search${highlight.complete ? '' : ' (search stopped early; first matches only)'}`}
        {selection !== null && (
          <>
            {` · lasso: ${selection.length.toLocaleString('en-US')} points `}
            <button type="button" className="chip" onClick={() => setSelection(null)}>
              clear lasso ×
            </button>
          </>
        )}
        {lit !== null && ` · ${litCount.toLocaleString('en-US')} lit`}
      </div>
      <div className="map-body">
        <div className="map-canvas-wrap">
          <canvas
            ref={canvasRef}
            className="map-canvas"
            data-points={data?.header.points ?? 0}
            data-lit={litCount}
            data-selected={selection?.length ?? 0}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerLeave={() => setHover(null)}
            onWheel={onWheel}
          />
          <canvas ref={overlayRef} className="map-overlay" aria-hidden="true" />
          {hover !== null && (
            <div className="map-tooltip" role="tooltip" style={{ left: hover.x + 12, top: hover.y + 12 }}>
              <div className="map-tooltip-meta">
                {hover.info.dataset} · {hover.info.model ?? 'unknown model'} · {hover.info.language ?? 'unknown language'}
              </div>
              {hover.info.preview}
            </div>
          )}
          <p className="map-hint">Drag to pan, wheel to zoom, click a point to open it, shift-drag to lasso.</p>
        </div>
        <aside className="map-side">
          {colored !== null && (
            <ul className="map-legend">
              {colored.legend.map((entry) => (
                <li key={entry.name}>
                  <span className="swatch" style={{ background: `rgb(${entry.color.join(',')})` }} /> {entry.name}
                </li>
              ))}
            </ul>
          )}
          <h2>Topics</h2>
          {data !== null && (
            <p className="map-gate">
              Topics with fewer than {data.header.k} distinct users are merged; labels use only terms written by at least {data.header.k} users.
              {noUsers.length > 0 && ` ${noUsers.join(', ')} has no users: its conversations are counted instead.`}
              {data.header.unclustered > 0 && ` ${data.header.unclustered.toLocaleString('en-US')} points are in no topic.`}
            </p>
          )}
          <ul className="cluster-tree">
            {topClusters.map((top) => (
              <li key={top.id}>
                <button type="button" aria-pressed={clusterFilter === top.id} onClick={() => setClusterFilter(clusterFilter === top.id ? null : top.id)}>
                  {top.label ?? 'unlabelled topic'} <span className="count">{top.conversations.toLocaleString('en-US')}</span>
                </button>
                <ul>
                  {data?.header.clusters
                    .filter((cluster) => cluster.parent === top.id)
                    .map((cluster) => (
                      <li key={cluster.id}>
                        <button
                          type="button"
                          aria-pressed={clusterFilter === cluster.id}
                          onClick={() => setClusterFilter(clusterFilter === cluster.id ? null : cluster.id)}
                        >
                          {cluster.label ?? 'unlabelled'} <span className="count">{cluster.conversations.toLocaleString('en-US')}</span>
                        </button>
                      </li>
                    ))}
                </ul>
              </li>
            ))}
          </ul>
          {selectedInfo.length > 0 && (
            <>
              <h2>In the lasso</h2>
              <ol className="map-selection">
                {selectedInfo.map((info) => (
                  <li key={info.point}>
                    <a href={`/c/${info.conversationHash}?dataset=${encodeURIComponent(info.dataset)}`}>{info.preview || '(empty)'}</a>
                  </li>
                ))}
              </ol>
            </>
          )}
        </aside>
      </div>
    </div>
  );
}
