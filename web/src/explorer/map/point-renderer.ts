/**
 * A WebGL point renderer for the map: one draw call, positions uploaded once, colours and
 * highlight flags re-uploaded only when they change; pan and zoom are two uniforms. A moving view
 * draws only a prefix of the level-of-detail sample and then the lit points, through index buffers
 * into the same vertex buffers (no second copy of the points).
 */
const VERTEX = `
attribute vec2 position;
attribute vec3 color;
attribute float lit;
uniform vec2 offset;
uniform float scale;
uniform vec2 aspect;
uniform float pointSize;
uniform float dimOthers;
varying vec4 vColor;
void main() {
  vec2 p = (position - 0.5) * scale + offset;
  gl_Position = vec4(p.x * aspect.x, -p.y * aspect.y, 0.0, 1.0);
  float dim = dimOthers > 0.5 && lit < 0.5 ? 0.18 : 1.0;
  vColor = vec4(color * dim + (1.0 - dim) * 0.5, 1.0);
  gl_PointSize = lit > 0.5 && dimOthers > 0.5 ? pointSize * 2.0 : pointSize;
}`;
const FRAGMENT = `
precision mediump float;
varying vec4 vColor;
void main() { gl_FragColor = vColor; }`;

export interface View {
  /** Offset in clip units (before aspect) and zoom factor. */
  x: number;
  y: number;
  scale: number;
}

function compile(gl: WebGLRenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type);
  if (shader === null) throw new Error('cannot create a shader');
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`shader: ${gl.getShaderInfoLog(shader) ?? ''}`);
  return shader;
}

export class PointRenderer {
  readonly gl: WebGLRenderingContext;
  private readonly program: WebGLProgram;
  private readonly buffers: { position: WebGLBuffer; color: WebGLBuffer; lit: WebGLBuffer; sample: WebGLBuffer; litPoints: WebGLBuffer };
  /** 32-bit indices need this extension in WebGL 1; without it every frame draws every point. */
  private readonly wideIndices: boolean;
  private count = 0;
  private sampleCount: number | null = null;
  private litPointCount = 0;
  /** Sample points a moving frame draws at most (the frame budget). */
  sampleLimit = Number.POSITIVE_INFINITY;
  dimOthers = false;

  constructor(readonly canvas: HTMLCanvasElement) {
    const gl = canvas.getContext('webgl', { antialias: false, preserveDrawingBuffer: true });
    if (gl === null) throw new Error('WebGL is not available in this browser');
    this.gl = gl;
    const program = gl.createProgram();
    gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, VERTEX));
    gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, FRAGMENT));
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error('cannot link the point shader');
    this.program = program;
    this.buffers = { position: gl.createBuffer(), color: gl.createBuffer(), lit: gl.createBuffer(), sample: gl.createBuffer(), litPoints: gl.createBuffer() };
    this.wideIndices = gl.getExtension('OES_element_index_uint') !== null;
  }

  /** Points drawn by draw(view, 'sample'). */
  get sampleSize(): number {
    return this.sampleCount === null ? this.count : Math.min(this.sampleCount, this.sampleLimit) + this.litPointCount;
  }

  /** Point indices to draw while the view moves (any prefix an even sample); null: draw every point always. */
  setSample(indices: Uint32Array | null): void {
    const { gl } = this;
    if (indices === null || !this.wideIndices) {
      this.sampleCount = null;
      return;
    }
    this.sampleCount = indices.length;
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.buffers.sample);
    gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, indices, gl.STATIC_DRAW);
  }

  /** Lit points drawn after the sample while the view moves; null: none singled out. */
  setLitPoints(indices: Uint32Array | null): void {
    const { gl } = this;
    this.litPointCount = indices === null || !this.wideIndices ? 0 : indices.length;
    if (this.litPointCount === 0 || indices === null) return;
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.buffers.litPoints);
    gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, indices, gl.DYNAMIC_DRAW);
  }

  setPositions(positions: Float32Array): void {
    const { gl } = this;
    this.count = positions.length / 2;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.position);
    gl.bufferData(gl.ARRAY_BUFFER, positions, gl.STATIC_DRAW);
  }

  /** RGB per point, 0–255. */
  setColors(colors: Uint8Array): void {
    const { gl } = this;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.color);
    gl.bufferData(gl.ARRAY_BUFFER, colors, gl.DYNAMIC_DRAW);
  }

  /** 1 for highlighted points. */
  setLit(lit: Uint8Array): void {
    const { gl } = this;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.lit);
    gl.bufferData(gl.ARRAY_BUFFER, lit, gl.DYNAMIC_DRAW);
  }

  aspect(): [number, number] {
    const { width, height } = this.canvas;
    return width > height ? [height / width, 1] : [1, width / height];
  }

  draw(view: View, level: 'sample' | 'all' = 'all'): void {
    const { gl, program } = this;
    gl.viewport(0, 0, this.canvas.width, this.canvas.height);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.useProgram(program);
    const attribute = (name: string, buffer: WebGLBuffer, size: number, type: number, normalized: boolean): void => {
      const location = gl.getAttribLocation(program, name);
      gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
      gl.enableVertexAttribArray(location);
      gl.vertexAttribPointer(location, size, type, normalized, 0, 0);
    };
    attribute('position', this.buffers.position, 2, gl.FLOAT, false);
    attribute('color', this.buffers.color, 3, gl.UNSIGNED_BYTE, true);
    attribute('lit', this.buffers.lit, 1, gl.UNSIGNED_BYTE, false);
    const [ax, ay] = this.aspect();
    gl.uniform2f(gl.getUniformLocation(program, 'offset'), view.x, view.y);
    gl.uniform1f(gl.getUniformLocation(program, 'scale'), view.scale * 1.8);
    gl.uniform2f(gl.getUniformLocation(program, 'aspect'), ax, ay);
    gl.uniform1f(gl.getUniformLocation(program, 'pointSize'), Math.max(2, Math.min(8, 2 + view.scale)) * (window.devicePixelRatio || 1));
    gl.uniform1f(gl.getUniformLocation(program, 'dimOthers'), this.dimOthers ? 1 : 0);
    if (level === 'sample' && this.sampleCount !== null) {
      gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.buffers.sample);
      gl.drawElements(gl.POINTS, Math.min(this.sampleCount, this.sampleLimit), gl.UNSIGNED_INT, 0);
      if (this.litPointCount > 0) {
        gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.buffers.litPoints);
        gl.drawElements(gl.POINTS, this.litPointCount, gl.UNSIGNED_INT, 0);
      }
    } else gl.drawArrays(gl.POINTS, 0, this.count);
  }

  /** Screen position (CSS pixels, relative to the canvas) of a map position. */
  toScreen(view: View, x: number, y: number): [number, number] {
    const [ax, ay] = this.aspect();
    const rect = this.canvas.getBoundingClientRect();
    const clipX = ((x - 0.5) * view.scale * 1.8 + view.x) * ax;
    const clipY = -((y - 0.5) * view.scale * 1.8 + view.y) * ay;
    return [((clipX + 1) / 2) * rect.width, ((1 - clipY) / 2) * rect.height];
  }

  /** Map position of a screen position (inverse of toScreen). */
  toMap(view: View, screenX: number, screenY: number): [number, number] {
    const [ax, ay] = this.aspect();
    const rect = this.canvas.getBoundingClientRect();
    const clipX = (screenX / rect.width) * 2 - 1;
    const clipY = 1 - (screenY / rect.height) * 2;
    return [(clipX / ax - view.x) / (view.scale * 1.8) + 0.5, (-clipY / ay - view.y) / (view.scale * 1.8) + 0.5];
  }
}
