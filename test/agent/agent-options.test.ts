import { strict as assert } from 'node:assert';
import { AgentError } from '../../src/agent/agent-error.js';
import {
  interfaceMac, parseAlpha, parseInteger, parseIPv4Option, parseIPv6Option, parseMacOption, parseSourceRoute,
} from '../../src/agent/agent-options.js';
import { formatIPv6 } from '../../src/packet/index.js';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AgentError && err.code === 'AGENT_BAD_OPTION', String(err));
    return err.message;
  }
  return 'accepted';
}

describe('agent: command-line options', () => {
  it('reads source routes of up to 4 ports', () => {
    assert.deepEqual(parseSourceRoute('3,1'), [3, 1]);
    assert.deepEqual(parseSourceRoute(' 1, 2 ,3,255 '), [1, 2, 3, 255]);
    assert.deepEqual(parseSourceRoute(''), []);
    assert.deepEqual(parseSourceRoute('none'), []);
    assert.match(refusal(() => parseSourceRoute('1,2,3,4,5')), /--route: 5 hops, the report carries at most 4/);
    assert.match(refusal(() => parseSourceRoute('3,0')), /--route: "0" is not a port number 1..255/);
    assert.match(refusal(() => parseSourceRoute('256')), /"256"/);
    assert.match(refusal(() => parseSourceRoute('a,1')), /"a"/);
  });

  it('reads addresses, naming the option when one is wrong', () => {
    assert.equal(parseIPv4Option('--src-ip', '10.0.0.5'), 0x0a000005);
    assert.match(refusal(() => parseIPv4Option('--src-ip', '10.0.5')), /^--src-ip: "10.0.5" is not dotted-quad/);
    assert.equal(parseMacOption('--dst-mac', '02:00:00:00:00:01'), 0x020000000001);
    assert.match(refusal(() => parseMacOption('--dst-mac', '02:00')), /^--dst-mac:/);
    assert.equal(formatIPv6(parseIPv6Option('--lb', 'fd00::1')), 'fd00::1');
    assert.match(refusal(() => parseIPv6Option('--lb', 'fe80::1')), /link-local/);
    assert.match(refusal(() => parseIPv6Option('--lb', 'ff02::1')), /multicast/);
    assert.match(refusal(() => parseIPv6Option('--src', '::')), /unspecified/);
    assert.match(refusal(() => parseIPv6Option('--src', 'fd00::g')), /^--src: "fd00::g" has a bad group/);
  });

  it('reads integers within bounds and alpha within (0, 1]', () => {
    assert.equal(parseInteger('--cores', '4', 1, 256), 4);
    for (const text of ['0', '257', '1.5', '-1', '', 'x']) assert.match(refusal(() => parseInteger('--cores', text, 1, 256)), /^--cores:/, text);
    assert.equal(parseAlpha('0.25'), 0.25);
    assert.equal(parseAlpha('1'), 1);
    for (const text of ['0', '1.5', '', 'x', '-0.5']) assert.match(refusal(() => parseAlpha(text)), /^--alpha:/, text);
  });

  it("reads an interface's MAC from sysfs and names a missing interface", () => {
    assert.equal(interfaceMac('lo'), 0);
    assert.match(refusal(() => interfaceMac('no-such-if0')), /no interface "no-such-if0"/);
    assert.match(refusal(() => interfaceMac('../etc')), /not an interface name/);
  });
});
