import assert from 'node:assert/strict';
import { OutputCollector } from '../../src/core/outputCollector';

describe('output collector', () => {
  it('merges consecutive stream chunks of the same stream only', () => {
    const c = new OutputCollector();
    c.add({ output_type: 'stream', name: 'stdout', text: 'a' });
    c.add({ output_type: 'stream', name: 'stdout', text: 'b\n' });
    c.add({ output_type: 'stream', name: 'stderr', text: 'c' });
    c.add({ output_type: 'stream', name: 'stdout', text: 'd' });
    assert.deepEqual(c.outputs.map((o) => (o.output_type === 'stream' ? o.text : '')), ['ab\n', 'c', 'd']);
  });

  it('replaces the output with the same display id in place', () => {
    const c = new OutputCollector();
    c.add({ output_type: 'display_data', data: { 'text/plain': '1' }, metadata: {}, transient: { display_id: 'p' } });
    c.add({ output_type: 'stream', name: 'stdout', text: 'x' });
    c.update('p', { output_type: 'display_data', data: { 'text/plain': '2' }, metadata: {}, transient: { display_id: 'p' } });
    c.update('q', { output_type: 'display_data', data: { 'text/plain': 'new' }, metadata: {}, transient: { display_id: 'q' } });
    assert.deepEqual(c.outputs.map((o) => (o.output_type === 'display_data' ? o.data['text/plain'] : 'stream')), ['2', 'stream', 'new']);
  });
});
