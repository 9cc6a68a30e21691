/**
 * End to end with the in-process model backends: an imported dataset released with
 * --pii-backend ner and --moderation onnx on test-built ONNX models (real loading, tokenizing
 * and inference; see test/support/tiny-models.ts for what the models know).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runReleaseCommand, type ReleaseCommandResult } from '../../src/cli/release-command.ts';
import { wildChat1MRow, toJsonLines } from '../../src/dataset/dataset-test-fixtures.ts';
import { importFiles } from '../../src/dataset/import/import-files.ts';
import { SILENT_PROGRESS } from '../../src/core/progress-sink.ts';
import { releaseRecordSchema, type ReleaseRecord } from '../../src/schema/release-record.ts';
import { openStore } from '../../src/store/open-store.ts';
import { writeTinyNerModel, writeTinyToxicityModel } from '../support/tiny-models.ts';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-models-release-'));
const dataDir = path.join(directory, 'data');
const nerModel = writeTinyNerModel(path.join(directory, 'tiny-ner'));
const toxicityModel = writeTinyToxicityModel(path.join(directory, 'tiny-toxicity'));
after(() => fs.rmSync(directory, { recursive: true, force: true }));

type Row = ReturnType<typeof wildChat1MRow> & { conversation: { content: string }[] };

function withContents(index: number, user: string, assistant: string): Row {
  const row = wildChat1MRow(index) as Row;
  row.conversation = row.conversation.slice(0, 2);
  (row.conversation[0] as { content: string }).content = user;
  (row.conversation[1] as { content: string }).content = assistant;
  row.turn = 1;
  row.openai_moderation = (row.openai_moderation as unknown[]).slice(0, 2);
  row.detoxify_moderation = (row.detoxify_moderation as unknown[]).slice(0, 2);
  return row;
}

function release(out: string, extra: Record<string, unknown> = {}): Promise<ReleaseCommandResult> {
  return runReleaseCommand(
    {
      out,
      dataDir,
      dataset: 'model-sample',
      format: 'jsonl',
      moderation: 'onnx',
      moderationOnnxModel: toxicityModel,
      piiBackend: 'ner',
      piiNerModel: nerModel,
      dedup: 'keep',
      workers: '1',
      profile: 'wildchat-compatible',
      ...extra,
    },
    { env: {}, progress: SILENT_PROGRESS, stdout: () => undefined },
  );
}

function readRows(out: string, variant: string): ReleaseRecord[] {
  const folder = path.join(out, variant, 'data');
  return fs
    .readdirSync(folder)
    .flatMap((file) =>
      fs
        .readFileSync(path.join(folder, file), 'utf8')
        .split('\n')
        .filter((line) => line !== ''),
    )
    .map((line) => releaseRecordSchema.parse(JSON.parse(line)));
}

describe('wildchat release with the NER and ONNX moderation backends', () => {
  before(async () => {
    const rows = [
      withContents(0, 'Alice Smith met Bobby in Paris, write her a note.', 'Dear Alice Smith, greetings from Paris.'),
      withContents(1, 'you are an idiot', 'I am sorry you feel that way.'),
      withContents(2, 'What is the boiling point of water at sea level?', 'It is 100 degrees Celsius.'),
      withContents(3, 'Send it to priya.raman@protonmail.com for me', 'Done.'),
    ];
    const file = path.join(directory, 'sample.jsonl');
    fs.writeFileSync(file, toJsonLines(rows));
    const store = openStore(dataDir);
    try {
      const report = await importFiles({ files: [file], dataset: 'model-sample', format: 'wildchat', store: store.datasets });
      assert.equal(report.imported, 4);
    } finally {
      await store.close();
    }
  });

  test('names and places the model tags are redacted whole, next to the structured recognizers', async () => {
    const out = path.join(directory, 'release');
    const result = await release(out);
    const full = readRows(out, 'full');
    const byFirst = new Map(full.map((row) => [row.conversation[0]?.content.slice(0, 12), row]));
    const names = [...byFirst.values()].find((row) => row.conversation[0]?.content.includes('met'));
    assert.equal(
      names?.conversation[0]?.content,
      '<PRESIDIO_ANONYMIZED_PERSON> met <PRESIDIO_ANONYMIZED_PERSON> in <PRESIDIO_ANONYMIZED_LOCATION>, write her a note.',
    );
    assert.equal(names?.conversation[1]?.content, 'Dear <PRESIDIO_ANONYMIZED_PERSON>, greetings from <PRESIDIO_ANONYMIZED_LOCATION>.');
    assert.equal(names?.redacted, true);
    const email = [...byFirst.values()].find((row) => row.conversation[0]?.content.startsWith('Send'));
    assert.equal(email?.conversation[0]?.content, 'Send it to <PRESIDIO_ANONYMIZED_EMAIL_ADDRESS> for me');
    const stages = result.manifest?.stages ?? {};
    assert.match(String(stages['pii-spans']), /\+ner:folder:tiny-ner:[0-9a-f]{12}$/);
    assert.match(String(stages.moderation), /^onnx:folder:tiny-toxicity:[0-9a-f]{12}:v1$/);
    assert.match(String(result.manifest?.config.piiBackend), /^ner:folder:tiny-ner:[0-9a-f]{12}$/);
  });

  test('the moderation model fills openai_moderation and detoxify_moderation, and toxic follows them', async () => {
    const out = path.join(directory, 'release');
    const full = readRows(out, 'full');
    const insult = full.find((row) => row.conversation[0]?.content === 'you are an idiot');
    const calm = full.find((row) => row.conversation[0]?.content.startsWith('What is the boiling point'));
    const userModeration = insult?.openai_moderation?.[0];
    assert.ok(userModeration !== undefined && 'flagged' in userModeration);
    assert.equal(userModeration.flagged, true);
    assert.equal(userModeration.categories?.harassment, true);
    assert.equal(userModeration.categories?.['self-harm'], false);
    assert.ok((userModeration.category_scores?.harassment ?? 0) > 0.8);
    const detoxify = insult?.detoxify_moderation?.[0];
    assert.ok(detoxify !== undefined && 'toxicity' in detoxify);
    assert.ok(detoxify.toxicity > 0.8 && (detoxify.insult ?? 0) > 0.8 && (detoxify.threat ?? 1) < 0.05);
    assert.equal(insult?.toxic, true);
    assert.equal(calm?.toxic, false);
    const calmDetoxify = calm?.detoxify_moderation?.[0];
    assert.ok(calmDetoxify !== undefined && 'toxicity' in calmDetoxify && calmDetoxify.toxicity < 0.1);
    const nonToxic = readRows(out, 'non-toxic').map((row) => row.conversation[0]?.content);
    assert.equal(nonToxic.includes('you are an idiot'), false);
    assert.equal(nonToxic.length, full.length - 1);
  });

  test('new weights in the same folder make the release out of date', async () => {
    const out = path.join(directory, 'release');
    const again = await release(out);
    assert.equal(again.upToDate, true);
    const config = path.join(toxicityModel, 'config.json');
    const original = fs.readFileSync(config, 'utf8');
    try {
      fs.writeFileSync(config, original.replace('"bert"', '"bert" '));
      const changed = await release(out);
      assert.equal(changed.upToDate, false);
      assert.ok(changed.manifest !== null);
    } finally {
      fs.writeFileSync(config, original);
    }
  });

  test('a missing or unsuitable model is a clear error before anything is written', async () => {
    await assert.rejects(release(path.join(directory, 'no-model'), { piiNerModel: undefined }), /--pii-backend ner needs --pii-ner-model/);
    await assert.rejects(release(path.join(directory, 'wrong-model'), { moderationOnnxModel: nerModel }), /none of its labels .* maps to toxicity/);
    await assert.rejects(release(path.join(directory, 'absent'), { piiNerModel: path.join(directory, 'nowhere') }), /does not exist/);
    await assert.rejects(
      release(path.join(directory, 'unpinned'), { piiNerModel: 'hf:dslim/bert-base-NER@main' }),
      /pin the revision to a full 40-character commit/,
    );
    assert.equal(fs.existsSync(path.join(directory, 'wrong-model')), false);
  });
});
