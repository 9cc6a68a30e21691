import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSecretRecognizer } from './secret-recognizer.ts';

const recognizer = createSecretRecognizer();
const found = (text: string): Array<[string, string]> => recognizer.find(text).map((span) => [span.detector ?? '', text.slice(span.start, span.end)]);

// Invented tokens in the vendors' formats (none of them is a real credential).
const TOKENS: ReadonlyArray<readonly [string, string]> = [
  ['OPENAI', 'sk-proj-JOfnCP9iHKO49IaMNPd8y8v8qG83DywN11HEQF92q0z5C4SxYtn5u1CqckpVijclZA31WQF4vG'],
  ['OPENAI', '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'],
  ['ANTHROPIC', 'sk-ant-api03-J50FplZ7Gj6rusWOXcymCaG7TXoUhrF4C7jjAhcAFOd1KPCCQsE3E-NcOJZ7PjuPLw4GJvX3qTFf3_TAmSvvSy6snN9pc3zAA'],
  ['AWS', 'AKIA2GSC6RANEMVD27RJ'],
  ['GOOGLE', 'AIza88Pl0ZaK4TFYgSQyOztBCpA8p1maGlMb7pn'],
  ['GITHUB', 'ghp_uOnRC6xq66OTpx0t0HXb1Xnztihjew6n24TE'],
  ['GITHUB', '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'],
  ['GITLAB', 'glpat-M7DqlXitnRJBaRrmbM8N'],
  ['SLACK', 'xoxb-341992016936-4726767162022-fVysZOWkelgvQabn8Su1VNFH'],
  ['SLACKWEBHOOK', 'https://hooks.slack.com/services/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'],
  ['STRIPE', 'sk_live_892UhXLFYsjXTfbJFvpleGxn'],
  ['TELEGRAMBOTTOKEN', '1675352614:AAIsAdhcS6_X8xzVCsT35nZMWBLYySrIB0F'],
  ['DISCORDBOTTOKEN', 'MQo9XuWlRIQYWaEyeOMvbCWB.ZaJN3M.BhJYp7p4s3wjpJ4D0NB8qzPAj7n'],
  ['DISCORDWEBHOOK', 'https://discord.com/api/webhooks/833687601867685806/sxPFt9_ZCYrgm6RaXRVxVZPWvRyM1e17m-QtUe2PbhT6LzkDgtvO3vA4kyxRrIsweeqB'],
  ['JWT', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1Njg0MDA4NDAxIiwibmFtZSI6IngiLCJpYXQiOjE3MTYyMzkwMjJ9.gJpNoqcBeYto6y_q6gZ1eapqQ1-Qd3N5JUC_BC8jvsL'],
];

describe('secret recognizer', () => {
  for (const [detector, token] of TOKENS) {
    test(`finds ${detector} tokens whole`, () => {
      assert.deepEqual(found(`key = "${token}";`), [[detector, token]]);
    });
  }

  test('AWS secret access key next to its key id', () => {
    const text = 'aws_access_key_id = AKIA2GSC6RANEMVD27RJ\naws_secret_access_key = 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';
    assert.deepEqual(found(text), [
      ['AWS', 'AKIA2GSC6RANEMVD27RJ'],
      ['AWS', 'H939ejPjv75Q10q7lVHF57xHz0xSokCmrdCjOWk6'],
    ]);
  });

  test('private key blocks including BEGIN and END lines', () => {
    const block = '-----BEGIN OPENSSH PRIVATE KEY-----\ndKqHbM2hZAOqq7xBzSH0PE4nlipG2G6Mw00/IBdMG6OU6mqOKMWxFQQEnNoug9TI\n-----END OPENSSH PRIVATE KEY-----';
    assert.deepEqual(found(`why?\n${block}\nthanks`), [['PRIVATEKEY', block]]);
  });

  test('connection strings: only the password is redacted', () => {
    assert.deepEqual(found('DATABASE_URL=postgres://appuser:Vx9!kq2Lz7@db.acme.net:5432/prod'), [['URI', 'Vx9!kq2Lz7']]);
    assert.deepEqual(found('mongodb+srv://admin:admin@cluster0.mongodb.net'), [['URI', 'admin']]);
  });

  test('passwords and keys no format names, by their label', () => {
    assert.deepEqual(found('password: Tr0ub4dor&3horse'), [['PASSWORD', 'Tr0ub4dor&3horse']]);
    assert.deepEqual(found('DB_PASSWORD=Kx9!mQ2#vL'), [['PASSWORD', 'Kx9!mQ2#vL']]);
    assert.deepEqual(found('my password is Sunny2024! please keep it safe'), [['PASSWORD', 'Sunny2024!']]);
    assert.deepEqual(found('api_key = "q8ZrT2mVx9LpW4nB7cKd3FhJ"'), [['GENERIC', 'q8ZrT2mVx9LpW4nB7cKd3FhJ']]);
    assert.deepEqual(found('{"client_secret": "Qm9vYmFyYmF6cXV4LTEyMzQ1Njc4OTA"}'), [['GENERIC', 'Qm9vYmFyYmF6cXV4LTEyMzQ1Njc4OTA']]);
  });

  test('labels followed by words, references, names or placeholders are not secrets', () => {
    for (const text of [
      'password: required',
      'The password is strong enough.',
      'password = os.environ["PW"]',
      'set password to ${DB_PASS}',
      'conn = connect(user="my_user", password="my_password")',
      'conn = connect(password=REDSHIFT_PASSWORD)',
      'Old password: New password: Retype new password:',
      'token: <YOUR_TOKEN>',
      'api_key = "abcdefghijklmnopqrstuvwxyz"',
    ])
      assert.deepEqual(found(text), [], text);
  });

  test('documentation placeholders are not secrets', () => {
    for (const text of [
      'Set OPENAI_API_KEY=sk-... in your .env file.',
      'AWS docs use AKIAIOSFODNN7EXAMPLE and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY.',
      'postgres://user:password@localhost:5432/mydb',
      'mysql://root:${DB_PASSWORD}@db:3306/app',
      'The key looks like sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx in the screenshot.',
      '-----BEGIN PRIVATE KEY-----\n...your key here...\n-----END PRIVATE KEY-----',
      'I use scikit-learn, sk-learn for short.',
      'The JWT has three parts: xxxxx.yyyyy.zzzzz.',
      'sk_test_4eC39HqLyjWDarjtT1zdp7dc is from the docs.',
    ])
      assert.deepEqual(found(text), [], text);
  });
});
