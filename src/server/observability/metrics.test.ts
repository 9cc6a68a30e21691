import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Counter, Gauge, Histogram } from './metrics.ts';

test('counters and gauges render labelled samples with escaped values', () => {
  const counter = new Counter('demo_total', 'A demo.');
  counter.inc({ route: '/a', status: '200' });
  counter.inc({ status: '200', route: '/a' }, 2);
  counter.inc({ route: 'quote"back\\slash' });
  assert.equal(counter.get({ route: '/a', status: '200' }), 3);
  assert.equal(
    counter.render(),
    ['# HELP demo_total A demo.', '# TYPE demo_total counter', 'demo_total{route="/a",status="200"} 3', 'demo_total{route="quote\\"back\\\\slash"} 1'].join(
      '\n',
    ),
  );
  const gauge = new Gauge('demo_active', 'Active.');
  assert.match(gauge.render(), /^demo_active 0$/m);
  gauge.inc();
  gauge.inc();
  gauge.dec();
  assert.match(gauge.render(), /^demo_active 1$/m);
});

test('histograms are cumulative with +Inf, sum and count', () => {
  const histogram = new Histogram('demo_seconds', 'Latency.', [0.1, 1]);
  histogram.observe(0.05);
  histogram.observe(0.5);
  histogram.observe(5);
  assert.equal(
    histogram.render(),
    [
      '# HELP demo_seconds Latency.',
      '# TYPE demo_seconds histogram',
      'demo_seconds_bucket{le="0.1"} 1',
      'demo_seconds_bucket{le="1"} 2',
      'demo_seconds_bucket{le="+Inf"} 3',
      'demo_seconds_sum 5.55',
      'demo_seconds_count 3',
    ].join('\n'),
  );
});
