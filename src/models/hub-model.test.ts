import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { startHubDouble } from '../../test/doubles/hub-double.ts';
import { writeTinyNerModel } from '../../test/support/tiny-models.ts';
import type { ProgressSink } from '../core/progress-sink.ts';
import { hubModelFolder, LOCK_FILE } from './hub-model.ts';
import { parseModelReference } from './model-reference.ts';
import { openModel } from './open-model.ts';
import { createTokenClassifier } from './token-classifier.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-hub-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));
const source = writeTinyNerModel(path.join(root, 'source'));
const id = 'test-owner/tiny-ner';
const revision = 'a'.repeat(40);

function recordingProgress(): ProgressSink & { total: number | null; advanced: number; ended: boolean } {
  const sink = {
    total: null as number | null,
    advanced: 0,
    ended: false,
    begin(_label: string, total: number | null) {
      sink.total = total;
    },
    advance(amount: number) {
      sink.advanced += amount;
    },
    end() {
      sink.ended = true;
    },
  };
  return sink;
}

function leftovers(cacheDir: string): string[] {
  return fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((entry) => entry.startsWith('.partial')) : [];
}

describe('model references', () => {
  it('reads folders and pinned hub ids, and refuses unpinned revisions', () => {
    assert.deepEqual(parseModelReference('./models/ner'), { kind: 'folder', path: './models/ner' });
    assert.deepEqual(parseModelReference(`hf:${id}@${revision}`), { kind: 'hub', id, revision });
    assert.deepEqual(parseModelReference(`${id}@${revision}`), { kind: 'hub', id, revision });
    assert.throws(() => parseModelReference(`${id}@main`), /full 40-character commit/);
    assert.throws(() => parseModelReference('hf:just-a-name'), /expected hf:owner\/name@<commit>/);
  });
});

describe('fetching a hub model through the transport', () => {
  it('downloads on first use with progress, verifies, caches and runs it', async () => {
    const hub = await startHubDouble({ id, revision, folder: source, token: 'secret-token' });
    const cacheDir = path.join(root, 'cache-ok');
    try {
      const progress = recordingProgress();
      const model = await openModel(`hf:${id}@${revision}`, { cacheDir, hubUrl: hub.url, token: 'secret-token', progress });
      assert.equal(model.id, `${id}@${revision}`);
      const sizes = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'].reduce(
        (sum, file) => sum + fs.statSync(path.join(source, file)).size,
        0,
      );
      assert.equal(progress.total, sizes);
      assert.equal(progress.advanced, sizes);
      assert.ok(progress.ended);
      assert.ok(hub.requests.includes('/cdn/onnx%2Fmodel.onnx'), 'the weights came through the CDN redirect');
      const lock = JSON.parse(fs.readFileSync(path.join(hubModelFolder(cacheDir, id, revision), LOCK_FILE), 'utf8')) as { files: Record<string, unknown> };
      assert.deepEqual(Object.keys(lock.files).sort(), ['config.json', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json']);
      const [entities] = await createTokenClassifier(model).tag(['alice smith']);
      assert.deepEqual(
        entities?.map((entity) => entity.type),
        ['PER'],
      );

      const before = hub.requests.length;
      await openModel(`hf:${id}@${revision}`, { cacheDir, hubUrl: hub.url });
      assert.equal(hub.requests.length, before, 'the second run uses the cache');
      assert.deepEqual(leftovers(cacheDir), []);
    } finally {
      await hub.close();
    }
  });

  it('refuses a file whose checksum does not match and keeps nothing', async () => {
    for (const file of ['onnx/model.onnx', 'tokenizer.json']) {
      const hub = await startHubDouble({ id, revision, folder: source, corrupt: [file] });
      const cacheDir = path.join(root, `cache-corrupt-${path.basename(file)}`);
      try {
        await assert.rejects(openModel(`${id}@${revision}`, { cacheDir, hubUrl: hub.url }), new RegExp(`checksum mismatch for ${file.replace('.', '\\.')}`));
        assert.equal(fs.existsSync(hubModelFolder(cacheDir, id, revision)), false);
        assert.deepEqual(leftovers(cacheDir), []);
      } finally {
        await hub.close();
      }
    }
  });

  it('a connection cut mid-file leaves no partial download, and the next run succeeds', async () => {
    const cacheDir = path.join(root, 'cache-cut');
    const broken = await startHubDouble({ id, revision, folder: source, truncate: ['onnx/model.onnx'] });
    try {
      await assert.rejects(openModel(`${id}@${revision}`, { cacheDir, hubUrl: broken.url }));
      assert.equal(fs.existsSync(hubModelFolder(cacheDir, id, revision)), false);
      assert.deepEqual(leftovers(cacheDir), []);
    } finally {
      await broken.close();
    }
    const hub = await startHubDouble({ id, revision, folder: source });
    try {
      const model = await openModel(`${id}@${revision}`, { cacheDir, hubUrl: hub.url });
      assert.equal(model.id, `${id}@${revision}`);
    } finally {
      await hub.close();
    }
  });

  it('names the cause when the hub refuses or does not know the model', async () => {
    const hub = await startHubDouble({ id, revision, folder: source, token: 'needed' });
    try {
      await assert.rejects(openModel(`${id}@${revision}`, { cacheDir: path.join(root, 'cache-401'), hubUrl: hub.url }), /gated model needs HF_TOKEN/);
      await assert.rejects(
        openModel(`other/model@${revision}`, { cacheDir: path.join(root, 'cache-404'), hubUrl: hub.url, token: 'needed' }),
        /does not exist/,
      );
    } finally {
      await hub.close();
    }
  });

  it('detects a cached file that changed after the download', async () => {
    const hub = await startHubDouble({ id, revision, folder: source });
    const cacheDir = path.join(root, 'cache-tampered');
    try {
      await openModel(`${id}@${revision}`, { cacheDir, hubUrl: hub.url });
      fs.appendFileSync(path.join(hubModelFolder(cacheDir, id, revision), 'config.json'), ' ');
      await assert.rejects(openModel(`${id}@${revision}`, { cacheDir, hubUrl: hub.url }), /config\.json does not match its recorded sha256/);
    } finally {
      await hub.close();
    }
  });

  it('removes the temporary folder of a run that was killed mid-download', async () => {
    const cacheDir = path.join(root, 'cache-abandoned');
    // A pid far above any live one on this machine stands for a killed run.
    fs.mkdirSync(path.join(cacheDir, '.partial-999999999-abcdef', 'onnx'), { recursive: true });
    const hub = await startHubDouble({ id, revision, folder: source });
    try {
      await openModel(`${id}@${revision}`, { cacheDir, hubUrl: hub.url });
      assert.deepEqual(leftovers(cacheDir), []);
    } finally {
      await hub.close();
    }
  });

  it('a local folder gets an id from its content', async () => {
    const first = await openModel(source, { cacheDir: path.join(root, 'unused') });
    const copy = path.join(root, 'source-copy');
    fs.cpSync(source, copy, { recursive: true });
    fs.writeFileSync(path.join(copy, 'config.json'), fs.readFileSync(path.join(copy, 'config.json'), 'utf8').replace('"bert"', '"bert" '));
    const second = await openModel(copy, { cacheDir: path.join(root, 'unused') });
    assert.match(first.id, /^folder:source:[0-9a-f]{12}$/);
    assert.notEqual(first.id.split(':')[2], second.id.split(':')[2]);
  });
});
