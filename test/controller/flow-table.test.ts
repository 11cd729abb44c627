import assert from 'node:assert/strict';
import { flowId, flowKeyFrom, formatFlowKey, redirectMatch } from '../../src/controller/flow-key.js';
import { FlowTable } from '../../src/controller/flow-table.js';

const key = (srcPort: number) => ({ srcAddr: 0xc0a80001, dstAddr: 0x0a000064, protocol: 6, srcPort, dstPort: 80 });

describe('FlowTable', () => {
  it('keeps the first choice learned and calls a different later one a conflict', () => {
    const table = new FlowTable(5000);
    assert.equal(table.learn({ key: key(1), serverIndex: 1, coreId: 2, serviceIndex: 0 }, 0).outcome, 'new');
    assert.equal(table.learn({ key: key(1), serverIndex: 1, coreId: 2, serviceIndex: 0 }, 1).outcome, 'known');
    const conflict = table.learn({ key: key(1), serverIndex: 3, coreId: 0, serviceIndex: 0 }, 2);
    assert.equal(conflict.outcome, 'conflict');
    assert.deepEqual([conflict.record.serverIndex, conflict.record.coreId], [1, 2]);
    assert.equal(table.size, 1);
  });

  it('removes a flow at once with one switch, and ignores repeated idle notifications afterwards', () => {
    const table = new FlowTable(5000);
    table.learn({ key: key(1), serverIndex: 1, coreId: 2, serviceIndex: 0 }, 0);
    assert.equal(table.reportIdle(key(1), 'a', ['a'], 100)?.serverIndex, 1);
    assert.equal(table.reportIdle(key(1), 'a', ['a'], 2100), undefined);
    assert.equal(table.size, 0);
  });

  it('with several switches removes a flow only when every live switch reported it idle recently', () => {
    const table = new FlowTable(3000);
    table.learn({ key: key(1), serverIndex: 1, coreId: 2, serviceIndex: 0 }, 0);
    assert.equal(table.reportIdle(key(1), 'a', ['a', 'b'], 1000), undefined); // b still carries it
    assert.equal(table.reportIdle(key(1), 'b', ['a', 'b'], 5000), undefined); // a's report is too old now
    assert.notEqual(table.reportIdle(key(1), 'a', ['a', 'b'], 6000), undefined); // a repeats: both recent
    assert.equal(table.size, 0);
  });

  it('remembers removed flows for a while, and forgets the tombstone when the flow is learned again', () => {
    const table = new FlowTable(5000, 1000);
    table.learn({ key: key(1), serverIndex: 1, coreId: 2, serviceIndex: 0 }, 0);
    table.learn({ key: key(2), serverIndex: 1, coreId: 2, serviceIndex: 0 }, 0);
    table.reportIdle(key(1), 'a', ['a'], 100);
    table.reportIdle(key(2), 'a', ['a'], 500);
    assert.equal(table.recentlyRemoved(key(1), 1000), true);
    assert.equal(table.recentlyRemoved(key(1), 1200), false); // older than 1000 ms
    assert.equal(table.recentlyRemoved(key(2), 1200), true);
    table.learn({ key: key(2), serverIndex: 0, coreId: 0, serviceIndex: 0 }, 1300); // a new connection, same 5-tuple
    assert.equal(table.recentlyRemoved(key(2), 1300), false);
  });
});

describe('flow keys', () => {
  it('checks field widths and names the redirect match fields', () => {
    const k = flowKeyFrom({ srcAddr: 0xc0a80001n, dstAddr: 0x0a000064n, protocol: 17n, srcPort: 5353n, dstPort: 53n });
    assert.deepEqual(redirectMatch(k), { src_addr: 0xc0a80001, dst_addr: 0x0a000064, protocol: 17, src_port: 5353, dst_port: 53 });
    assert.equal(formatFlowKey(k), 'udp 192.168.0.1:5353 -> 10.0.0.100:53');
    assert.notEqual(flowId(k), flowId({ ...k, srcPort: 5354 }));
    assert.throws(() => flowKeyFrom({ srcAddr: 1n, dstAddr: 1n, protocol: 6n, srcPort: 70000n, dstPort: 1n }), { code: 'FLOW_KEY_INVALID', message: /src_port = 70000/ });
    assert.throws(() => flowKeyFrom({ srcAddr: 1n, dstAddr: 1n, protocol: 6n, srcPort: 1n }), { code: 'FLOW_KEY_INVALID', message: /dst_port is missing/ });
  });
});
