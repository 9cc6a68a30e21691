import fs from 'node:fs';
import crypto from 'node:crypto';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const buf = fs.readFileSync('/tmp/dsperf/data-20000/in.jsonl');
function time(name: string, f: () => void, n = 20000) { const c = cpu(); f(); const d = cpu() - c; console.log(name.padEnd(24), (d / n * 1e6).toFixed(1), 'us/row'); }
let lines: string[] = [];
time('toString whole+split', () => { lines = buf.toString('utf8').split('\n'); });
time('TextDecoder per line', () => { const d = new TextDecoder(); let s = 0; const out=[]; for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, s)) { out.push(d.decode(buf.subarray(s, i))); s = i + 1; } });
time('latin1 per line', () => { let s = 0; const out=[]; for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, s)) { out.push(buf.toString('latin1', s, i)); s = i + 1; } });
time('sha256 string', () => { for (const l of lines) crypto.createHash('sha256').update(l).digest('hex'); });
const bufs = lines.map((l) => Buffer.from(l));
time('Buffer.from', () => { for (const l of lines) Buffer.from(l); });
time('sha256 buffer', () => { for (const b of bufs) crypto.createHash('sha256').update(b).digest('hex'); });
time('sha1 string', () => { for (const l of lines) crypto.createHash('sha1').update(l).digest('hex'); });
time('md5 string', () => { for (const l of lines) crypto.createHash('md5').update(l).digest('hex'); });
let nonascii = 0; for (const l of lines) if (/[^\x00-\x7f]/.test(l)) nonascii++; console.log('nonascii rows', nonascii, 'avg len', lines.reduce((a, l) => a + l.length, 0) / lines.length);
